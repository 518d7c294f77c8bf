import { defineConfig, devices } from "@playwright/test";

// E2E runs against a production build (`npm test` builds first) served on its own port with its
// own embedded database, wiped at each run, so tests never touch a developer's ./data.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Per port, so two runs on one machine (e.g. a developer and CI) never delete each other's traces.
  outputDir: `test-results/${PORT}`,
  reporter: [["list"]],
  use: {
    baseURL,
    // No trace by default: recording one for every test (to keep a failing one's) took a seventh of
    // the run's CPU. A failure still leaves its screenshot and page snapshot; for a trace, rerun
    // with `--trace=retain-on-failure`.
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `rm -rf data/e2e-${PORT} && npx tsx scripts/start.ts --no-build`,
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      APP_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      DATABASE_URL: `pglite:./data/e2e-${PORT}/pglite`,
      GATEHOUSE_DATA_DIR: `data/e2e-${PORT}`,
      // Enables /api/testing/* so each test can create a team of its own (never set in production).
      GATEHOUSE_TEST_ROUTES: "1",
      // Mail goes to the SMTP server a test starts on this port (e2e/mailbox.ts); with none
      // listening, sending fails and the UI offers the link to copy.
      SMTP_URL: `smtp://127.0.0.1:${PORT + 9}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
