import { expect, test, type Browser, type Page } from "@playwright/test";
import { createTestTeam, formError, memberRow, openTeamSwitcher, signIn, type TestTeam } from "./helpers";
import { linkIn, startMailbox } from "./mailbox";

// Invitations end to end: the app emails through a real SMTP server this file starts
// (e2e/mailbox.ts), and the invited person follows the link from the message they received.

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
test.beforeAll(async () => {
  mailbox = await startMailbox();
});
test.afterAll(async () => {
  await mailbox?.close();
});

async function signInAsOwner(page: Page, team: TestTeam) {
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
}

async function invite(page: Page, email: string, role = "Member") {
  // The disclosure keeps its state across actions, or not when the page re-renders: open it if closed.
  const toggle = page.getByRole("button", { name: /invite people$/i });
  const form = page.getByRole("form", { name: "Invite people" });
  // Retried: a click before the page hydrated is lost.
  await expect(async () => {
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Send invitation" }).click();
  return form;
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("a person with no account gets the invitation by email, sets a password and lands on the team: Invited → Active", async ({ page, browser, request }, testInfo) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);
  const email = `newbie-${Date.now()}@e2e.test`;
  const form = await invite(page, email, "Admin");
  await expect(form.getByRole("status")).toHaveText(`Invited ${email} by email.`);
  const row = page.locator(`[data-testid="invitation-row"][data-email="${email}"]`);
  await expect(row).toContainText("Invited");
  await expect(memberRow(page, email)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("manage-team-invited.png"), fullPage: true });

  const mail = await mailbox.mailTo(email);
  expect(mail.subject).toContain(`invited you to ${team.slug.replace("e2e-", "E2E ")}`);
  expect(mail.text).toContain(`Test Owner (${team.owner.email}) invited you to join the team`);
  expect(mail.html).toContain("<a href=");
  const link = linkIn(mail, "/invite/");

  const invitee = await freshPage(browser);
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: /^Join / })).toBeVisible();
  await invitee.screenshot({ path: testInfo.outputPath("invitation-accept.png"), fullPage: true });
  await invitee.getByLabel("Your name").fill("New Bie");
  await invitee.getByLabel("Choose a password").fill("a fine password");
  await invitee.getByRole("button", { name: "Join the team" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await expect(memberRow(invitee, email)).toContainText("Active");
  await expect(memberRow(invitee, email)).toContainText("Admin");

  await page.reload();
  await expect(row).toHaveCount(0);
  await expect(memberRow(page, email)).toContainText("Active");

  // The link was single-use.
  const again = await freshPage(browser);
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  await again.screenshot({ path: testInfo.outputPath("invitation-used.png"), fullPage: true });
});

test("revoked, expired and wrong-address links each get their own page; resend sends a new link", async ({ page, browser, request }, testInfo) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);

  const revoked = `revoked-${Date.now()}@e2e.test`;
  await invite(page, revoked);
  const revokedLink = linkIn(await mailbox.mailTo(revoked), "/invite/");
  const row = page.locator(`[data-testid="invitation-row"][data-email="${revoked}"]`);
  await row.getByRole("button", { name: `Revoke the invitation for ${revoked}` }).click();
  await row.getByRole("button", { name: `Confirm revoking the invitation for ${revoked}` }).click();
  await expect(row).toHaveCount(0);
  const visitor = await freshPage(browser);
  await visitor.goto(revokedLink);
  await expect(visitor.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
  await visitor.screenshot({ path: testInfo.outputPath("invitation-revoked.png"), fullPage: true });

  const late = `late-${Date.now()}@e2e.test`;
  await invite(page, late);
  const lateLink = linkIn(await mailbox.mailTo(late), "/invite/");
  const aged = await request.post("/api/testing/invitations", { data: { teamId: team.teamId, email: late } });
  expect(await aged.json()).toEqual({ expired: 1 });
  await visitor.goto(lateLink);
  await expect(visitor.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
  await visitor.screenshot({ path: testInfo.outputPath("invitation-expired.png"), fullPage: true });

  // Resend: a fresh link by email; the expired one stays dead.
  await page.reload();
  const lateRow = page.locator(`[data-testid="invitation-row"][data-email="${late}"]`);
  await expect(lateRow).toContainText("Expired");
  const before = mailbox.inbox.length;
  await lateRow.getByRole("button", { name: `Resend the invitation for ${late}` }).click();
  await expect(lateRow.getByRole("status")).toHaveText(`Sent a new invitation link to ${late} by email.`);
  await expect.poll(() => mailbox.inbox.length).toBeGreaterThan(before);
  const freshLink = linkIn(await mailbox.mailTo(late), "/invite/");
  expect(freshLink).not.toBe(lateLink);
  await visitor.goto(freshLink);
  await expect(visitor.getByRole("heading", { name: /^Join / })).toBeVisible();

  // Signed in as someone else: the page says whose invitation it is.
  await page.goto(freshLink);
  await expect(page.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();
  await expect(page.getByText(`this invitation is for ${late}`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("invitation-wrong-account.png"), fullPage: true });
});

test("a signed-in person joins another team in one click", async ({ page, request }) => {
  const home = await createTestTeam(request);
  const other = await createTestTeam(request);
  const ownerPage = page;
  await signInAsOwner(ownerPage, other);
  await invite(ownerPage, home.owner.email, "Member");
  const link = linkIn(await mailbox.mailTo(home.owner.email), "/invite/");
  await ownerPage.context().clearCookies();

  await signInAsOwner(page, home);
  await page.goto(link);
  await page.getByRole("button", { name: /^Join E2E / }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${other.slug}/members`));
  const switcher = await openTeamSwitcher(page);
  await expect(switcher.getByRole("link", { name: /E2E/ })).toHaveCount(2);
});

test("someone deactivated in their only team accepts an invitation with their password and is signed in", async ({ page, browser, request }) => {
  const email = `returning-${Date.now()}@e2e.test`;
  const home = await createTestTeam(request, { members: [{ email, deactivated: true, password: true }] });
  const other = await createTestTeam(request);
  await signInAsOwner(page, other);
  await invite(page, email, "Member");
  const link = linkIn(await mailbox.mailTo(email), "/invite/");

  const invitee = await freshPage(browser);
  // Sign-in alone refuses them: they are in no team.
  await signIn(invitee, email, home.password);
  await expect(formError(invitee)).toHaveText("Your access has been deactivated. Ask your team administrator to reactivate you.");
  await invitee.goto(link);
  const form = invitee.getByRole("form", { name: "Accept the invitation" });
  await form.getByLabel("Your password").fill("not their password");
  await form.getByRole("button", { name: "Join the team" }).click();
  await expect(form.getByRole("alert")).toContainText("not the password of this account");
  await form.getByLabel("Your password").fill(home.password);
  await form.getByRole("button", { name: "Join the team" }).click();
  // Only a member of the team reaches its page.
  await expect(invitee).toHaveURL(new RegExp(`/teams/${other.slug}/members`));
});

test("bad input on the invite form gets a message, not an error page", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: `already-${Date.now()}@e2e.test` }] });
  await signInAsOwner(page, team);
  const form = await invite(page, "not-an-email");
  await expect(formError(page)).toHaveText("Enter a valid email address.");
  await form.getByLabel("Email").fill(team.owner.email);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(formError(page)).toContainText("is already a member of this team");
});
