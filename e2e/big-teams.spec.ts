import fs from "node:fs";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { createTestTeam, memberRow, signIn, type TestTeam } from "./helpers";

// Manage Team for big teams (sorting, paging, counts, CSV, bulk changes) and the small wording
// fixes around it. Many members are seeded in bulk by the test route, not through the UI.

// Each step here is a full page render of a 121-member team; on a loaded machine that can take longer
// than the default 10 s.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

async function signInAsOwner(page: Page, team: TestTeam) {
  await signIn(page, team.owner.email, team.owner.password);
  // Generous: the first render of a page can be slow on a loaded CI machine.
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
}

test("a big team: last page and Go to page, sort by a column, counts follow the search, CSV of the filtered list", async ({ page, request }) => {
  const team = await createTestTeam(request, { bulkMembers: 120 });
  await signInAsOwner(page, team);
  const rows = page.getByTestId("member-row");
  const pager = page.getByRole("navigation", { name: "Members pages" });

  // 121 members, 50 a page.
  await expect(pager).toContainText("Page 1 of 3");
  await pager.getByRole("link", { name: "Last" }).click();
  await expect(pager).toContainText("Page 3 of 3");
  await expect(rows).toHaveCount(21);
  await pager.getByLabel("Go to page").fill("2");
  await pager.getByRole("button", { name: "Go" }).click();
  await expect(pager).toContainText("Page 2 of 3");

  // A header sorts by its column, then flips; the sort is in the URL and the page starts over.
  const emailHeader = page.getByRole("columnheader", { name: /^Email/ });
  await emailHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=email&dir=asc/);
  await expect(pager).toContainText("Page 1 of 3");
  await expect(rows.first()).toHaveAttribute("data-email", /^member-00001@/);
  await emailHeader.getByRole("link").click();
  await expect(emailHeader).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first()).toHaveAttribute("data-email", team.owner.email);

  // Last sign-in starts with the most recent (the owner, just now), "Never" last.
  await page.getByRole("columnheader", { name: /^Last sign-in/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=lastSignIn&dir=desc/);
  await expect(rows.nth(0)).toHaveAttribute("data-email", team.owner.email);
  await expect(rows.nth(1)).toHaveAttribute("data-email", /^member-00120@/);

  // The status counts are those of the search (member-00010 … 00019; 00010 is deactivated).
  const search = page.getByRole("search", { name: "Search members" });
  await search.getByLabel("Search by name or email").fill("member-0001");
  await search.getByRole("button", { name: "Search" }).click();
  const statusNav = page.getByRole("navigation", { name: "Filter by status" });
  await expect(statusNav.getByRole("link", { name: /All\s*10/ })).toBeVisible();
  await expect(statusNav.getByRole("link", { name: /Active\s*9/ })).toBeVisible();
  await expect(statusNav.getByRole("link", { name: /Deactivated\s*1/ })).toBeVisible();
  await expect(page).toHaveURL(/sort=lastSignIn/);

  // The role filter applies on change, no Search click; the search reloaded the page, whose
  // scripts must run before a change can be heard.
  await page.waitForLoadState("load");
  await search.getByLabel("Role").selectOption("ADMIN");
  await expect(page).toHaveURL(/role=ADMIN/);
  await expect(page.getByText("No members match these filters.")).toHaveCount(1);
  await expect(page.getByText(/No members match/)).toHaveCount(1);
  await page.waitForLoadState("load");
  await search.getByLabel("Role").selectOption("");
  await expect(rows).toHaveCount(10);

  // CSV of exactly what is listed, in the same order.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${team.slug}-members-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const lines = fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("Name,Email,Username,Role,Status,Source,Last sign-in (UTC),Added (UTC)");
  expect(lines).toHaveLength(11);
  expect(lines[1]).toMatch(/^Person 00018,member-00018@/);
  expect(lines.filter((l) => l.includes(",Deactivated,"))).toHaveLength(1);
});

test("bulk deactivate: the rules and the IdP locks decide, and the summary says what was skipped and why", async ({ page, request }) => {
  const team = await createTestTeam(request, {
    members: [{ email: "ann@bulk.test" }, { email: "bob@bulk.test" }, { email: "sue@bulk.test", source: "SCIM" }],
  });
  await signInAsOwner(page, team);
  for (const email of ["ann@bulk.test", "bob@bulk.test", "sue@bulk.test", team.owner.email]) await page.getByLabel(`Select ${email}`).check();
  const bulk = page.getByRole("form", { name: "Change selected members" });
  await expect(bulk.getByLabel("With selected members (4)")).toBeVisible();
  await bulk.getByLabel("With selected members (4)").selectOption("deactivate");
  await bulk.getByRole("button", { name: "Apply to selected" }).click();

  await expect(bulk.getByRole("status")).toHaveText("2 members deactivated. 2 skipped:");
  const skipped = bulk.getByTestId("bulk-skipped").getByRole("listitem");
  await expect(skipped).toHaveCount(2);
  await expect(skipped.filter({ hasText: "sue@bulk.test" })).toContainText("Provisioned by your identity provider (SCIM)");
  await expect(skipped.filter({ hasText: team.owner.email })).toContainText("You can't deactivate or remove yourself.");
  await expect(memberRow(page, "ann@bulk.test")).toContainText("Deactivated");
  await expect(memberRow(page, "bob@bulk.test")).toContainText("Deactivated");
  await expect(memberRow(page, "sue@bulk.test")).toContainText("Active");
});

test("wording: an owner, which sign-in field is empty, the 404 title, a favicon", async ({ page, request }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter your email and password.");
  await page.getByLabel("Email").fill("someone@example.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter your password.");

  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\//);

  const team = await createTestTeam(request, { members: [{ email: "olive@wording.test" }] });
  await signInAsOwner(page, team);
  await page.getByRole("button", { name: "Manage olive@wording.test" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Role").selectOption("OWNER");
  await dialog.getByRole("button", { name: "Save role" }).click();
  await expect(dialog.getByRole("status")).toHaveText("olive@wording.test is now an owner.");
  await dialog.getByRole("button", { name: "Close" }).click();

  await page.goto(`/teams/${team.slug}-nope/members`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle("Page not found · Gatehouse");
});

test("a failed DNS check leaves Remove where it was", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);
  await page.goto(`/teams/${team.slug}/sso`);
  const domain = `dns-${Date.now()}.invalid`;
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.locator(`[data-testid="domain-row"][data-domain="${domain}"]`);
  const remove = row.getByRole("button", { name: "Remove" });
  const before = await remove.boundingBox();
  await row.getByRole("button", { name: "Check DNS" }).click();
  await expect(row.getByRole("alert")).toBeVisible({ timeout: 20_000 });
  expect((await remove.boundingBox())?.y).toBe(before?.y);
  await expect(row.getByText(domain, { exact: true })).toBeVisible();
});
