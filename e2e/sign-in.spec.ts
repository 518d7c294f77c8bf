import { expect, test } from "@playwright/test";
import { DEMO, formError, memberRow, signIn, signInAsOwner } from "./helpers";

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

test("signing out ends the session", async ({ page }) => {
  await signInAsOwner(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`/teams/${DEMO.slug}/members`);
  await expect(page).toHaveURL(/\/login/);
});
