import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships wasm and data files that must be loaded from node_modules at run time.
  // jackson: kept out of the bundle (halves .next and the build time, see STACK.md).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@boxyhq/saml-jackson"],
  poweredByHeader: false,
  // Lets parallel builds (e.g. two e2e runs on one machine) keep separate outputs.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;
