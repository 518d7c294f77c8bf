import { expect, test } from "@playwright/test";
import { createTestTeam, signIn } from "./helpers";

// The Audit log page: who did what, filterable, and the SCIM request log for debugging an IdP.

test("changes appear in the audit log, filterable by action and actor type", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: "ian@audit.test" }] });
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(/\/members/);
  await page.getByRole("button", { name: "Manage ian@audit.test" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Role").selectOption("ADMIN");
  await dialog.getByRole("button", { name: "Save role" }).click();
  await expect(dialog.getByRole("status")).toContainText("is now an admin");
  await dialog.getByRole("button", { name: "Close" }).click();

  await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Audit log" }).click();
  const rows = page.getByTestId("audit-row");
  const roleChange = page.locator('[data-testid="audit-row"][data-action="member.role_changed"]');
  await expect(roleChange).toHaveCount(1);
  await expect(roleChange).toContainText(team.owner.email);
  await expect(roleChange).toContainText("ian@audit.test");
  await expect(roleChange).toContainText("Person");

  const filters = page.getByRole("form", { name: "Filter events" });
  await filters.getByLabel("Action").selectOption("member.role_changed");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(rows).toHaveCount(1);

  await filters.getByLabel("Action").selectOption("");
  await filters.getByLabel("Actor type").selectOption("system");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.locator('[data-testid="audit-row"][data-action="member.added"]')).toHaveCount(2);
  await expect(roleChange).toHaveCount(0);
});

test("@scim the SCIM request log shows what the IdP sent", async ({ page, request, baseURL }) => {
  const team = await createTestTeam(request, { scimToken: true });
  const res = await request.get(`${baseURL}/api/scim/v2/Users`, {
    headers: { Authorization: `Bearer ${team.scimToken}`, "User-Agent": "Okta SCIM Client 1.0.0" },
    params: { filter: 'userName eq "nobody@audit.test"' },
  });
  expect(res.status()).toBe(200);

  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(/\/members/);
  await page.goto(`/teams/${team.slug}/audit`);
  await page.getByRole("link", { name: "SCIM requests" }).click();
  const row = page.getByTestId("scim-request-row").first();
  await expect(row).toContainText("GET");
  await expect(row).toContainText("/Users");
  await expect(row).toContainText("200");
  await expect(row).toContainText("Okta SCIM Client 1.0.0");
});

test("events read as sentences in the viewer's time zone, filter by person, target and dates, and export as CSV", async ({ browser, request, baseURL }) => {
  const team = await createTestTeam(request, { members: [{ email: "+sum@audit.test" }, { email: "kim@audit.test" }] });
  const context = await browser.newContext({ timezoneId: "Asia/Kolkata", baseURL });
  const page = await context.newPage();
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(/\/members/);
  await page.getByRole("button", { name: "Manage kim@audit.test" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Role").selectOption("ADMIN");
  await dialog.getByRole("button", { name: "Save role" }).click();
  await expect(dialog.getByRole("status")).toContainText("is now an admin");

  await page.goto(`/teams/${team.slug}/audit`);
  const roleChange = page.locator('[data-testid="audit-row"][data-action="member.role_changed"]');
  await expect(roleChange).toContainText(`${team.owner.email} changed kim@audit.test’s role from Member to Admin.`);
  await expect(roleChange).not.toContainText("member.role_changed");
  // To the second, in the viewer's zone (India: UTC+5:30), with UTC in the tooltip.
  const time = roleChange.locator("time");
  await expect(time).toHaveText(/\d{2}:\d{2}:\d{2} GMT\+5:30/);
  await expect(time).toHaveAttribute("title", /\d{2}:\d{2}:\d{2} UTC$/);
  // member.added ×3 (by the e2e system actor), the role change, the owner's sign-in into the team.
  await expect(page.getByTestId("audit-total")).toHaveText("Showing 1–5 of 5 events");

  const filters = page.getByRole("form", { name: "Filter events" });
  await filters.getByLabel("Target").fill("KIM@");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  await filters.getByLabel("Target").fill("");
  await filters.getByLabel("Person").fill(team.owner.email);
  await filters.getByRole("button", { name: "Filter" }).click();
  // The page before also listed two rows: wait for the new one.
  await expect(page).toHaveURL(/[?&]person=[^&]/);
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  for (const row of await page.getByTestId("audit-row").all()) await expect(row).toContainText(team.owner.email);
  await filters.getByLabel("Person").fill("");
  await filters.getByLabel("From", { exact: true }).fill("2020-01-01");
  await filters.getByLabel("To", { exact: true }).fill("2020-12-31");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No events match.")).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).click();
  // The Export link carries the filters: wait for the cleared page, or the old link exports nothing.
  await expect(page.getByTestId("audit-total")).toHaveText("Showing 1–5 of 5 events");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream().then(async (s) => {
    let text = "";
    for await (const chunk of s) text += chunk;
    return text;
  });
  const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  expect(lines[0]).toBe("Time (UTC),Event,Actor,Actor type,Action,Target,Target type,Details (JSON)");
  expect(lines).toHaveLength(6);
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z,.* changed kim@audit.test’s role from Member to Admin\.,/);
  // The address that starts with "+" is defused for spreadsheets.
  expect(csv).toContain(",'+sum@audit.test,member,");

  // A member of the team cannot export it.
  const memberContext = await browser.newContext({ baseURL });
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, "kim@audit.test", team.password);
  await expect(memberPage).toHaveURL(/\/members/);
  await page.goto(`/teams/${team.slug}/members`);
  await page.getByRole("button", { name: "Manage kim@audit.test" }).click();
  await page.getByRole("dialog").getByLabel("Role").selectOption("MEMBER");
  await page.getByRole("dialog").getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("dialog").getByRole("status")).toContainText("is now a");
  const refused = await memberPage.request.get(`/teams/${team.slug}/audit/export.csv`);
  expect(refused.status()).toBe(403);
  await memberContext.close();
  await context.close();
});
