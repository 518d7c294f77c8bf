import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createTestTeam, formError, memberRow, signIn, type TestTeam } from "./helpers";

// The team settings page: rename, a new URL name whose old links keep working, handing the Owner
// role over, and deleting the team.

const attach = async (testInfo: TestInfo, name: string, page: Page) =>
  testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

async function openSettings(page: Page, team: TestTeam) {
  await signIn(page, team.owner.email, team.owner.password);
  // A cold server compiles its first pages slowly on a busy machine.
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
  await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Team settings" })).toBeVisible();
}

test("rename the team and move it to a new URL name; old links follow it", async ({ page, request }, testInfo) => {
  const team = await createTestTeam(request);
  await openSettings(page, team);
  await attach(testInfo, "team-settings.png", page);
  // Where Omni's guide sends admins (Settings > Authentication): a way to the SSO page.
  await expect(page.getByRole("region", { name: "Authentication" }).getByRole("link", { name: "Single sign-on page" })).toHaveAttribute("href", `/teams/${team.slug}/sso`);

  const name = page.getByRole("form", { name: "Team name" });
  await name.getByLabel("Team name").fill("Renamed Team");
  await name.getByRole("button", { name: "Save name" }).click();
  await expect(name.getByRole("status")).toHaveText("The team is now called Renamed Team.");

  const slugForm = page.getByRole("form", { name: "URL name" });
  await slugForm.getByLabel("URL name").fill("Settings");
  await slugForm.getByRole("button", { name: "Change URL name" }).click();
  await expect(slugForm.getByRole("alert")).toContainText("reserved");
  const moved = `${team.slug}-moved`;
  await slugForm.getByLabel("URL name").fill(moved);
  await slugForm.getByRole("button", { name: "Change URL name" }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${moved}/settings`));
  await expect(page.getByRole("status").filter({ hasText: "The team moved" })).toBeVisible();

  await page.goto(`/teams/${team.slug}/audit?action=team.slug_changed`);
  await expect(page).toHaveURL(new RegExp(`/teams/${moved}/audit\\?action=team.slug_changed`));
});

test("an admin turns off welcome emails for people the IdP creates, and the audit log says so", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await openSettings(page, team);
  const form = page.getByRole("form", { name: "Welcome emails" });
  const box = form.getByLabel("Email a welcome to people your IdP creates");
  await expect(box).toBeChecked();
  await box.uncheck();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Welcome emails are off.");
  await page.reload();
  await expect(page.getByRole("form", { name: "Welcome emails" }).getByLabel("Email a welcome to people your IdP creates")).not.toBeChecked();
  await page.goto(`/teams/${team.slug}/audit?action=team.welcome_emails_changed`);
  await expect(page.getByText("turned off welcome emails for people the IdP creates")).toBeVisible();
});

test("an owner hands the Owner role to a member and becomes an admin", async ({ page, request }, testInfo) => {
  const heir = `heir-${Date.now()}@e2e.test`;
  const team = await createTestTeam(request, { members: [{ email: heir }] });
  await openSettings(page, team);
  const form = page.getByRole("form", { name: "Transfer ownership" });
  await form.getByLabel("Email of the new owner").fill(heir);
  await form.getByRole("button", { name: "Transfer ownership…" }).click();
  await attach(testInfo, "transfer-ownership-confirm.png", page);
  await form.getByRole("button", { name: "Confirm transfer" }).click();
  await expect(page).toHaveURL(/\/settings\?transferred=/);
  await expect(page.getByRole("status").filter({ hasText: `${heir} is now an owner` })).toBeVisible();
  // The page is now an admin's: no transfer or delete sections.
  await expect(page.getByRole("heading", { name: "Transfer ownership" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Delete team" })).toHaveCount(0);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(memberRow(page, heir)).toContainText("Owner");
  await expect(memberRow(page, team.owner.email)).toContainText("Admin");
});

test("an owner deletes the team after typing its URL name", async ({ page, request }, testInfo) => {
  const admin = `stays-${Date.now()}@e2e.test`;
  const team = await createTestTeam(request, { members: [{ email: admin, role: "ADMIN" }] });
  await openSettings(page, team);
  const form = page.getByRole("form", { name: "Delete team" });
  const button = form.getByRole("button", { name: "Delete team" });
  await form.getByLabel(/to confirm/).fill("not-the-slug");
  await expect(button).toBeDisabled();
  await form.getByLabel(/to confirm/).fill(team.slug);
  await attach(testInfo, "delete-team.png", page);
  await button.click();
  // The owner had no other team: nothing is left to open. (Removing the team's SAML connection
  // may start jackson, which the first time takes a while on a busy machine.)
  await expect(page).toHaveURL(/\/login/, { timeout: 45_000 });
  await signIn(page, admin, team.password);
  await expect(formError(page)).toBeVisible();
});
