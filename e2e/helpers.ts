import { expect, type APIRequestContext, type Page } from "@playwright/test";

// The demo team that `npm start` seeds (scripts/seed.ts); the e2e server starts from a wiped DB.
export const DEMO = {
  slug: "acme",
  owner: "owner@acme.test",
  admin: "admin@acme.test",
  deactivated: "dan@acme.test",
  password: process.env.SEED_OWNER_PASSWORD || "gatehouse-demo",
};

export async function signIn(page: Page, email: string, password = DEMO.password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const leftLogin = () => !new URL(page.url()).pathname.startsWith("/login");
  // Settled: the page left /login or the form said why not. A navigation started before then
  // races the form's own (window.location.assign) and fails with net::ERR_ABORTED.
  await expect(async () => expect(leftLogin() || (await formError(page).count()) > 0).toBe(true)).toPass({ timeout: 20_000 });
  // The URL moves as the next page starts loading: a click before its scripts run would be lost.
  if (leftLogin()) await page.waitForLoadState("load");
}

export async function signInAsOwner(page: Page) {
  await signIn(page, DEMO.owner);
  await expect(page).toHaveURL(/\/teams\/acme\/members/);
}

export const memberRow = (page: Page, email: string) => page.locator(`[data-testid="member-row"][data-email="${email}"]`);

// Scoped to forms: Next.js keeps its own (empty) role="alert" route announcer on every page.
export const formError = (page: Page) => page.locator("form").getByRole("alert");

export type TestTeam = { slug: string; teamId: string; owner: { email: string; password: string }; password: string; scimToken: string | null };

/**
 * A fresh team of the test's own (see app/api/testing/teams): an owner who signs in with
 * `owner.password`, optional members (same password) and optionally a SCIM token.
 */
export async function createTestTeam(
  request: APIRequestContext,
  body: {
    members?: { email: string; role?: "OWNER" | "ADMIN" | "MEMBER"; deactivated?: boolean; password?: boolean; source?: "MANUAL" | "SCIM" }[];
    scimToken?: boolean;
    bulkMembers?: number;
  } = {},
): Promise<TestTeam> {
  const res = await request.post("/api/testing/teams", { data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as TestTeam;
}

/** The header's team switcher (a <details>): opens it and returns its panel. */
export async function openTeamSwitcher(page: Page) {
  const switcher = page.getByTestId("team-switcher");
  await switcher.getByLabel("Switch team").click();
  return switcher;
}
