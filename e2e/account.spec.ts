import { expect, test } from "@playwright/test";
import { createTestTeam, openTeamSwitcher, signIn } from "./helpers";

// The account page: name, password (current one required), the teams list and leaving a team,
// which the last owner cannot do.

test("your account: rename, change password, and leave a team, refused for the last owner", async ({ page, request }, testInfo) => {
  const member = `leaver-${Date.now()}@e2e.test`;
  const team = await createTestTeam(request, { members: [{ email: member, role: "MEMBER" }] });
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await (await openTeamSwitcher(page)).getByRole("link", { name: "Your account" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

  await page.getByLabel("Display name").fill("Olive Owner");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("form", { name: "Your name" }).getByRole("status")).toHaveText("Your name was saved.");

  const pw = page.getByRole("form", { name: "Change password" });
  await pw.getByLabel("Current password").fill("not my password");
  await pw.getByLabel("New password", { exact: true }).fill("brand new password");
  await pw.getByLabel("New password again").fill("brand new password");
  await pw.getByRole("button", { name: "Change password" }).click();
  await expect(pw.getByRole("alert")).toHaveText("Your current password is not right.");
  await pw.getByLabel("Current password").fill(team.owner.password);
  await pw.getByRole("button", { name: "Change password" }).click();
  await expect(pw.getByRole("status")).toHaveText("Your password was changed.");

  const row = page.locator(`[data-testid="account-team"][data-slug="${team.slug}"]`);
  await row.getByRole("button", { name: /^Leave / }).click();
  await row.getByRole("button", { name: /^Confirm leaving/ }).click();
  await expect(row.getByRole("alert")).toContainText("at least one active owner");
  await page.screenshot({ path: testInfo.outputPath("account.png"), fullPage: true });

  // The new password signs in; the old one no longer does.
  await page.context().clearCookies();
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await signIn(page, team.owner.email, "brand new password");
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  // A member leaves and loses access.
  await page.context().clearCookies();
  await signIn(page, member, team.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await page.goto("/account");
  const mine = page.locator(`[data-testid="account-team"][data-slug="${team.slug}"]`);
  await mine.getByRole("button", { name: /^Leave / }).click();
  await mine.getByRole("button", { name: /^Confirm leaving/ }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(page).toHaveURL(/\/login/);
});
