import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { createTestTeam, formError, memberRow, signIn } from "./helpers";
import { linkIn, startMailbox } from "./mailbox";

// Passwords and sessions: "Forgot password?" through a real SMTP server (e2e/mailbox.ts), the
// reset link an admin makes for a member, and "Sign out everywhere".

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
test.beforeAll(async () => {
  mailbox = await startMailbox();
});
test.afterAll(async () => {
  await mailbox?.close();
});

// Sign-ins land on the team's members page; a cold or busy server can take a while to render it.
const onTeam = (page: Page, slug: string) => expect(page).toHaveURL(new RegExp(`/teams/${slug}/members`), { timeout: 30_000 });
const freshPage = async (browser: Browser) => (await browser.newContext()).newPage();
const attach = async (testInfo: TestInfo, name: string, page: Page) =>
  testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

test("forgot password: the emailed link sets a new password once and ends every session", async ({ page, browser, request }, testInfo) => {
  // Two browsers, two sign-ins, a mail and a reset: more than a minute on a busy machine.
  test.slow();
  const email = `forgetful-${Date.now()}@e2e.test`;
  const team = await createTestTeam(request, { members: [{ email }] });
  // A session elsewhere (another browser) that the reset must end.
  const elsewhere = await freshPage(browser);
  await signIn(elsewhere, email, team.password);
  await onTeam(elsewhere, team.slug);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  // A client-side navigation: wait for the new page, or "Email" is still the sign-in form's field.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = `If ${email} has a Gatehouse account, a link to choose a new password is on its way. It works once, for one hour.`;
  await expect(page.getByRole("status")).toHaveText(answer);
  await attach(testInfo, "forgot-password.png", page);
  // An address without an account gets the very same answer.
  const nobody = `nobody-${Date.now()}@e2e.test`;
  await page.getByLabel("Email").fill(nobody);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toHaveText(answer.replace(email, nobody));

  const mail = await mailbox.mailTo(email);
  expect(mail.subject).toBe("Set a new Gatehouse password");
  expect(mail.html).toContain("<a href=");
  const link = linkIn(mail, "/reset-password/");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await attach(testInfo, "reset-password.png", page);
  await page.getByLabel("New password", { exact: true }).fill("a fresh password");
  await page.getByLabel("New password again").fill("a fresh password");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status")).toHaveText(`Your password is set. Sign in as ${email} with it.`);

  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/login/);
  await signIn(page, email, "a fresh password");
  await onTeam(page, team.slug);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
});

test("an admin makes a reset link for a member, who sets a password with it", async ({ page, browser, request }, testInfo) => {
  test.slow();
  const email = `locked-out-${Date.now()}@e2e.test`;
  const team = await createTestTeam(request, { members: [{ email }] });
  await signIn(page, team.owner.email, team.owner.password);
  await onTeam(page, team.slug);
  await memberRow(page, email).getByRole("button", { name: `Manage ${email}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Make reset link" }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "A link was emailed" })).toContainText(`A link was emailed to ${email}`);
  // Emailed, the link is the member's alone: the admin is not shown it (using it proves the address).
  await expect(dialog.getByTestId("reset-link")).toHaveCount(0);
  await attach(testInfo, "admin-reset-link.png", page);
  const link = linkIn(await mailbox.mailTo(email), "/reset-password/");

  const member = await freshPage(browser);
  await member.goto(link);
  await member.getByLabel("New password", { exact: true }).fill("set by the admin link");
  await member.getByLabel("New password again").fill("set by the admin link");
  await member.getByRole("button", { name: "Set password" }).click();
  await expect(member.getByRole("status")).toContainText("Your password is set");
  await signIn(member, email, "set by the admin link");
  await onTeam(member, team.slug);
});

test("sign out everywhere ends this session and the ones in other browsers", async ({ page, browser, request }) => {
  test.slow();
  const team = await createTestTeam(request);
  const other = await freshPage(browser);
  for (const p of [page, other]) {
    await signIn(p, team.owner.email, team.owner.password);
    await onTeam(p, team.slug);
  }
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);
  await other.reload();
  await expect(other).toHaveURL(/\/login/);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(page).toHaveURL(/\/login/);
  await expect(formError(page)).toHaveCount(0);
});
