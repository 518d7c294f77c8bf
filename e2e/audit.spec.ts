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
