import { expect, test } from "@playwright/test";
import { startExtraServer } from "./extra-server";

// A server started with GATEHOUSE_SEED=false on an empty database, and no SMTP_URL: the first-run
// page creates the first team and its owner, and invitations are links to copy.

let server: Awaited<ReturnType<typeof startExtraServer>>;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startExtraServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test("first run on an empty database: create the first team and owner, then invite by copying a link", async ({ page, browser }, testInfo) => {
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(`${server.url}/setup`);
  await expect(page.getByRole("heading", { name: "Set up Gatehouse" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("first-run.png"), fullPage: true });

  await page.getByLabel("Team name").fill("Umbrella Corp");
  await expect(page.getByLabel("URL name")).toHaveValue("umbrella-corp");
  await page.getByLabel("URL name").fill("admin");
  await page.getByLabel("Your name").fill("Alice Founder");
  await page.getByLabel("Your email").fill("alice@umbrella.test");
  await page.getByLabel("Password").fill("first password");
  await page.getByRole("button", { name: "Create team and sign in" }).click();
  await expect(page.getByRole("form").getByRole("alert")).toContainText("reserved");
  await page.getByLabel("URL name").fill("umbrella");
  await page.getByRole("button", { name: "Create team and sign in" }).click();
  await expect(page).toHaveURL(`${server.url}/teams/umbrella/members`, { timeout: 30_000 });
  await expect(page.getByTestId("team-switcher").getByLabel("Switch team")).toContainText("Umbrella Corp");

  // The first-run page is gone once a team exists.
  await page.goto(`${server.url}/setup`);
  await expect(page).not.toHaveURL(/\/setup$/);

  // No SMTP here: the admin gets the link to copy, and the page says no email was sent.
  await page.goto(`${server.url}/teams/umbrella/members`);
  await page.getByRole("button", { name: "Invite people" }).click();
  const form = page.getByRole("form", { name: "Invite people" });
  await expect(form).toContainText("This server sends no email");
  await form.getByLabel("Email").fill("bob@umbrella.test");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByText(/No email was sent \(this server has no SMTP_URL\)/)).toBeVisible();
  const link = await form.getByRole("textbox", { name: "Invitation link for bob@umbrella.test" }).inputValue();
  expect(link).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]+$`));
  await page.screenshot({ path: testInfo.outputPath("invite-copy-link.png"), fullPage: true });

  const bob = await (await browser.newContext()).newPage();
  await bob.goto(link);
  await bob.getByLabel("Your name").fill("Bob");
  await bob.getByLabel("Choose a password").fill("bobs password");
  await bob.getByRole("button", { name: "Join the team" }).click();
  await expect(bob).toHaveURL(`${server.url}/teams/umbrella/members`, { timeout: 30_000 });
});
