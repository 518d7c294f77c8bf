import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // PGlite ships wasm and data files that must be loaded from node_modules at run time.
  // jackson: kept out of the bundle (it halved .next and the build time).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@boxyhq/saml-jackson"],
  poweredByHeader: false,
  // The build type-checks every file tsconfig.json includes, tests too (a type error in a test
  // file fails it; experimental.useTypeScriptCli below), and npm test relies on that: a run that
  // builds does not check them again (scripts/test.ts). Stated here so that turning it off is seen
  // to turn that off.
  typescript: { ignoreBuildErrors: false },
  experimental: {
    // A form's largest field is pasted SAML metadata: up to 1,000,000 characters, refused past
    // that with its own message (lib/saml/connections.ts). Next's 1 MB default refused such a
    // paste before the action ran; 2 MB lets the action answer, and anything larger still meets
    // the limit (the pages' error.tsx then says so) instead of being read into memory.
    serverActions: { bodySizeLimit: "2mb" },
    // The build's type check through TypeScript's own CLI (Next 16's default, pinned): the
    // in-process check Next falls back to skips *.test.* and *.spec.* files, and npm test leaves
    // their type check to the build (typescript above).
    useTypeScriptCli: true,
  },
  // Lets parallel builds (e.g. two e2e runs on one machine) keep separate outputs. Read here, not
  // through lib/env.ts: it is a build setting, fixed before any runtime setting is parsed.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Pages get their Content-Security-Policy (with a per-request nonce) and HSTS from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/scim/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
