import { expect, test } from "@playwright/test";
import { createTestTeam, DEMO, formError, memberRow, signIn, signInAsOwner } from "./helpers";

test("the owner signs in and sees every member with role and status, the deactivated one marked", async ({ page }, testInfo) => {
  await signInAsOwner(page);
  await expect(page.getByRole("heading", { name: "Manage Team" })).toBeVisible();

  const rows = page.getByTestId("member-row");
  await expect(rows).toHaveCount(5);
  await expect(memberRow(page, DEMO.owner)).toContainText("Owner");
  await expect(memberRow(page, DEMO.owner)).toContainText("Active");
  await expect(memberRow(page, DEMO.admin)).toContainText("Admin");
  await expect(memberRow(page, DEMO.deactivated)).toContainText("Deactivated");
  await expect(page.getByText("4 active · 1 deactivated")).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath("manage-team.png"), fullPage: true });
});

test("a wrong password gets a clear message and no session", async ({ page }) => {
  await signIn(page, DEMO.owner, "not-the-password");
  await expect(formError(page)).toHaveText("Wrong email or password.");
  await page.goto(`/teams/${DEMO.slug}/members`);
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown email gets the same message as a wrong password", async ({ page }) => {
  await signIn(page, "nobody@acme.test", "whatever-password");
  await expect(formError(page)).toHaveText("Wrong email or password.");
});

test("a deactivated member cannot sign in", async ({ page }) => {
  await signIn(page, DEMO.deactivated);
  await expect(formError(page)).toContainText("Your access has been deactivated");
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown team slug is a 404 page, not an error", async ({ page }) => {
  await signInAsOwner(page);
  const response = await page.goto("/teams/no-such-team/members");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("signing out ends the session for good: a copy of the cookie no longer works", async ({ page, context }) => {
  await signInAsOwner(page);
  const kept = await context.cookies();
  expect(kept.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`/teams/${DEMO.slug}/members`);
  await expect(page).toHaveURL(/\/login/);

  // Someone who copied the cookie before sign-out (another tab, a stolen copy) puts it back.
  await context.addCookies(kept);
  await page.goto(`/teams/${DEMO.slug}/members`);
  await expect(page).toHaveURL(/\/login/);
});

test("too many wrong passwords: even the right one waits, with a clear message", async ({ page, request }) => {
  // 22 sign-in attempts, each a real scrypt on the server.
  test.setTimeout(240_000);
  const team = await createTestTeam(request);
  for (let i = 0; i < 10; i++) {
    await signIn(page, team.owner.email, `wrong-${i}`);
    await expect(formError(page)).toHaveText("Wrong email or password.");
  }
  await signIn(page, team.owner.email, team.owner.password);
  await expect(formError(page)).toHaveText(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(page).toHaveURL(/\/login/);

  // An address nobody has an account for is answered the same way (no account enumeration).
  const unknown = `nobody-${team.slug}@e2e.test`;
  for (let i = 0; i < 10; i++) {
    await signIn(page, unknown, `wrong-${i}`);
    await expect(formError(page)).toHaveText("Wrong email or password.");
  }
  await signIn(page, unknown, "anything");
  await expect(formError(page)).toHaveText(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
});
