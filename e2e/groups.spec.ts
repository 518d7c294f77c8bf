import { expect, test } from "@playwright/test";
import { createTestTeam, memberRow, signIn } from "./helpers";

// Groups pushed by the IdP (Okta "Push Groups") and their mapping to a role. @scim: the group is
// created through the SCIM API, as Okta would.

test("@scim an admin maps a pushed group to a role; its members get the role, locked on Members", async ({ page, request, baseURL }) => {
  const eve = "eve@groups.test";
  const team = await createTestTeam(request, { members: [{ email: eve }], scimToken: true });
  const endpoint = `${baseURL}/api/scim/v2`;
  const headers = { Authorization: `Bearer ${team.scimToken}`, "Content-Type": "application/scim+json" };

  const found = await request.get(`${endpoint}/Users`, { headers, params: { filter: `userName eq "${eve}"` } });
  expect(found.status(), await found.text()).toBe(200);
  const eveId = ((await found.json()) as { Resources: { id: string }[] }).Resources[0].id;
  const group = await request.post(`${endpoint}/Groups`, {
    headers,
    data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Engineering", members: [{ value: eveId }] },
  });
  expect(group.status(), await group.text()).toBe(201);

  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(/\/members/, { timeout: 30_000 });
  await page.goto(`/teams/${team.slug}/groups`);
  const row = page.locator('[data-testid="group-row"][data-group="Engineering"]');
  await expect(row.getByRole("cell").nth(1)).toHaveText("1");

  // Before saving, the page says whose roles the mapping would change.
  await row.getByLabel("Role for members of Engineering").selectOption("ADMIN");
  await expect(row.getByTestId("mapping-preview")).toHaveText("Saving changes 1 person’s role: 1 Member → Admin.");
  await row.getByRole("button", { name: "Save role for Engineering" }).click();
  await expect(row.getByRole("status")).toContainText("now get the Admin role");
  await expect(row.getByTestId("mapping-preview")).toHaveText("");

  // A group opens to its members.
  await row.getByRole("link", { name: "Engineering: see its members" }).click();
  await expect(page.getByRole("heading", { name: "Engineering", exact: true })).toBeVisible();
  await expect(page.getByText("its members get the Admin role")).toBeVisible();
  await expect(page.locator(`[data-testid="group-member-row"][data-email="${eve}"]`)).toContainText("Admin");

  await page.goto(`/teams/${team.slug}/members`);
  await expect(memberRow(page, eve)).toContainText("Admin");
  await expect(memberRow(page, eve)).toContainText("via group");
  await page.getByRole("button", { name: `Manage ${eve}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Role")).toBeDisabled();
  await expect(dialog.getByText(/The role comes from a group mapped to a role/)).toBeVisible();
});

test("with no pushed groups the page says how to get them", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(/\/members/);
  await page.goto(`/teams/${team.slug}/groups`);
  await expect(page.getByText("No groups yet. In Okta, add groups under Push Groups to see them here.")).toBeVisible();
});
