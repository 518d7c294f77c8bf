import { spawn } from "node:child_process";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createTestTeam, type TestTeam } from "./helpers";

// What an admin debugging an Okta setup relies on: the SCIM request log still explains a failure
// after a big import, a refused token shows up with its reason, the SCIM details are reachable by
// keyboard, and an ended session brings them back to the page they were on.

// Generous: several of these sign in twice, and CI runners can be slow.
test.describe.configure({ timeout: 300_000 });

async function signInHere(page: Page, team: TestTeam) {
  await page.getByLabel("Email").fill(team.owner.email);
  await page.getByLabel("Password").fill(team.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * The signed-in page has hydrated: its session marker (components/session-marker.tsx) is set from
 * the browser. The URL alone changes before the page's scripts run, and a test that acts at once
 * raced them (a fragment the page had not started listening for, a marker not yet set).
 */
async function hydrated(page: Page) {
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === "gatehouse-signed-in")).toBe(true);
}

test("keyboard only: Show SCIMv2 Details, Generate token, Copy", async ({ page, request, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const team = await createTestTeam(request);
  await page.goto("/login");
  await signInHere(page, team);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 120_000 });
  // Enter on "Show SCIMv2 Details" before the page's scripts run is lost (a CI run failed so).
  await hydrated(page);

  /** Presses Tab until the focused element has this accessible name; how many presses it took. */
  async function tabTo(name: string, max = 40): Promise<number> {
    for (let i = 1; i <= max; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        // Nothing focused is the body, whose text holds every name on the page: it matched once,
        // and Enter then went nowhere.
        if (!el || el === document.body || el === document.documentElement) return "";
        return (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
      });
      if (focused.includes(name)) return i;
    }
    throw new Error(`${name} not reached in ${max} Tab presses`);
  }

  await tabTo("Show SCIMv2 Details");
  await page.keyboard.press("Enter");
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await expect(section.getByLabel("Endpoint", { exact: true })).toBeVisible();
  await tabTo("Generate token");
  await page.keyboard.press("Enter");
  await expect(section.getByLabel("New token")).toHaveValue(/^ghscim_/);
  await tabTo("Copy token");
  await page.keyboard.press("Enter");
  await expect(section.getByText(/Copied to the clipboard|Selected: press Ctrl\+C/)).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await section.getByLabel("New token").inputValue());
});

test("an ended session says so and comes back to the same page", async ({ page, request, context }) => {
  const team = await createTestTeam(request);
  await page.goto("/login");
  await signInHere(page, team);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 120_000 });
  await hydrated(page);
  const target = `/teams/${team.slug}/audit?view=scim`;
  await page.goto(target);

  // The session cookie expires with the session: the browser simply stops sending it.
  const cookies = await context.cookies();
  await context.clearCookies();
  await context.addCookies(cookies.filter((c) => !c.name.includes("session-token")));
  await page.reload();
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("alert").filter({ hasText: "Your session ended, sign in again." })).toBeVisible();
  await signInHere(page, team);
  await expect(page).toHaveURL(new RegExp(`${target.replace(/[?]/g, "\\?")}$`), { timeout: 120_000 });
});

test("a tampered session cookie is refused without a stack trace in the server log", async () => {
  const port = Number(process.env.E2E_PORT ?? 3100) + 3;
  const url = `http://127.0.0.1:${port}`;
  const dataDir = `data/e2e-${port}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    APP_URL: url,
    NEXTAUTH_URL: url,
    DATABASE_URL: `pglite:./${dataDir}/pglite`,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_SEED: "false",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.SMTP_URL;
  const child = spawn("npx", ["tsx", "scripts/start.ts", "--no-build"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  try {
    await expect
      .poll(async () => fetch(`${url}/login`, { redirect: "manual" }).then(() => true, () => false), { timeout: 240_000 })
      .toBe(true);
    for (const value of ["garbage", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..tampered.tampered.tampered"]) {
      const res = await fetch(`${url}/teams/acme/members`, { redirect: "manual", headers: { cookie: `next-auth.session-token=${value}` } });
      expect([302, 303, 307]).toContain(res.status);
      expect(res.headers.get("location")).toContain("error=SessionEnded");
    }
    await expect.poll(() => log).toContain("a session cookie could not be read");
    expect(log).not.toMatch(/\n\s+at [\w.<>]+ \(/);
    expect(log).not.toContain("[next-auth][error]");
  } finally {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
  }
});

test("@scim a failed request and a revoked-token request keep their reason after a 2,000-request import", async ({ page, request, baseURL }) => {
  // 2,000 requests, twice the 1,000 successes the log keeps (REQUEST_LOG_KEEP): the import trims
  // successes (about once per 100 entries) while the two errors, the oldest rows, must stay.
  test.setTimeout(300_000);
  const team = await createTestTeam(request, { scimToken: true });
  const IMPORT = 2_000;
  const endpoint = `${baseURL}/api/scim/v2`;
  const headers = { Authorization: `Bearer ${team.scimToken}`, "User-Agent": "Okta SCIM Client 1.0.0" };

  const failed = await fetch(`${endpoint}/Users?filter=${encodeURIComponent('favoriteColor eq "blue"')}`, { headers });
  expect(failed.status).toBe(400);

  // The import: Okta looks each person up before pushing them. Plain fetch, 16 at a time.
  let next = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < IMPORT) {
        const i = next++;
        const res = await fetch(`${endpoint}/Users?filter=${encodeURIComponent(`userName eq "person${i}@import.test"`)}`, { headers });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  expect(Object.fromEntries(statuses)).toEqual({ 200: IMPORT });

  await page.goto("/login");
  await signInHere(page, team);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 120_000 });
  await hydrated(page);
  // The section's own address opens the SCIM details: a new load of that address (from the same
  // page it would only be a fragment change, which the open page follows too).
  await page.goto("about:blank");
  await page.goto(`/teams/${team.slug}/members#scim`);
  await expect(page.getByRole("button", { name: "Hide SCIMv2 Details" })).toBeVisible();
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await expect(section.getByTestId("provisioning-summary")).toContainText("1 active");
  await section.getByRole("button", { name: "Revoke token e2e" }).click();
  await section.getByRole("button", { name: "Confirm revoking token e2e" }).click();
  // Said once the revocation is saved. (The first Revoke button goes at the first click already,
  // so waiting for that raced the request below ahead of the revocation on a busy machine.)
  await expect(page.locator("#announcer")).toHaveText("Token “e2e” revoked. Requests that use it are now refused.");

  const refused = await fetch(`${endpoint}/Users`, { headers });
  expect(refused.status).toBe(401);

  // The log is written in batches within a second (request-log-buffer.ts): an admin who looks at
  // once refreshes, and so does this test.
  await page.goto(`/teams/${team.slug}/audit?view=scim`);
  await page.getByRole("link", { name: "Show only errors" }).click();
  await expect(page).toHaveURL(/errors=1/);
  const rows = page.getByTestId("scim-request-row");
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const revokedRow = rows.filter({ hasText: "Revoked token" });
  const filterRow = rows.filter({ hasText: "invalidFilter" });
  await expect(revokedRow).toHaveCount(1);
  await expect(filterRow).toContainText('favoriteColor eq "blue"');
  await revokedRow.locator("summary").click();
  await expect(revokedRow).toContainText(/e2e \(ghscim_.{6}…\)/);
  await expect(revokedRow).toContainText("The bearer token has been revoked");
});
