import { defineConfig, devices } from "@playwright/test";
import base from "./playwright.config";

// multi/: two production instances on one PostgreSQL behind a round-robin proxy (the spec starts
// them itself, on MULTI_PORT+1 and +2, the proxy on MULTI_PORT). Needs a build (`npx next build`)
// and a PostgreSQL server (MULTI_POSTGRES_URL, default postgresql://root@127.0.0.1:5432/test).
const PORT = Number(process.env.MULTI_PORT ?? 3150);

export default defineConfig({
  ...base,
  testDir: "multi",
  timeout: 120_000,
  outputDir: `test-results/multi-${PORT}`,
  webServer: undefined,
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  projects: [{ name: "multi", use: { ...devices["Desktop Chrome"] } }],
});
