import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createTestTeam, memberRow, signIn, type TestTeam } from "./helpers";

// The Manage Team page as the customer guides describe it: an admin opens "Show SCIMv2 Details" in
// DOMAIN ACCESS & SSO, takes the Endpoint and Token to Okta, and Okta provisions people. Each test
// has a team of its own. Tests tagged @scim call the SCIM API (app/api/scim/v2) as Okta would.

const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function signInAsOwner(page: Page, team: TestTeam) {
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
}

/** Opens the SCIM panel, generates a token and returns what Okta would be given. */
async function generateToken(page: Page, name = "Okta") {
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await section.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  const endpoint = await section.getByLabel("Endpoint", { exact: true }).inputValue();
  await section.getByLabel("Token name").fill(name);
  await section.getByRole("button", { name: "Generate token" }).click();
  const secret = section.getByLabel("New token");
  await expect(secret).toHaveValue(/^ghscim_/);
  await expect(section.getByText("this is the only time it is shown")).toBeVisible();
  return { endpoint, token: await secret.inputValue() };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" });

async function scimUserId(request: APIRequestContext, endpoint: string, token: string, userName: string): Promise<string> {
  const res = await request.get(`${endpoint}/Users`, { headers: bearer(token), params: { filter: `userName eq "${userName}"` } });
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { totalResults: number; Resources: { id: string }[] };
  expect(body.totalResults).toBe(1);
  return body.Resources[0].id;
}

async function deactivateViaScim(request: APIRequestContext, endpoint: string, token: string, id: string) {
  const res = await request.patch(`${endpoint}/Users/${id}`, {
    headers: bearer(token),
    data: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] },
  });
  expect(res.status(), await res.text()).toBe(200);
}

async function openManage(page: Page, email: string) {
  await page.getByRole("button", { name: `Manage ${email}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

test("@scim the owner connects Okta: SCIMv2 details, a token, and users Okta provisions and deactivates", async ({ page, request, baseURL }, testInfo) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);
  await expect(page.getByRole("heading", { name: "Manage Team" })).toBeVisible();

  const { endpoint, token } = await generateToken(page);
  expect(endpoint).toBe(`${baseURL}/api/scim/v2`);
  await expect(page.getByTestId("token-row").filter({ hasText: "Okta" })).toContainText("Active");
  await expect(page.getByTestId("token-row").filter({ hasText: "Okta" })).toContainText("Everyone, owners included");

  // What Okta sends on "Create Users".
  const created = await request.post(`${endpoint}/Users`, {
    headers: bearer(token),
    data: {
      schemas: [SCIM_USER],
      userName: "x@y.test",
      name: { givenName: "X", familyName: "Y" },
      emails: [{ value: "x@y.test", primary: true, type: "work" }],
      active: true,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.reload();
  const row = memberRow(page, "x@y.test");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("SCIM");
  await page.screenshot({ path: testInfo.outputPath("manage-team.png"), fullPage: true });
  await page.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  await page.screenshot({ path: testInfo.outputPath("manage-team-scim-details.png"), fullPage: true });

  // A SCIM-managed member's status belongs to the IdP: the UI says so before anyone tries.
  const dialog = await openManage(page, "x@y.test");
  await page.screenshot({ path: testInfo.outputPath("manage-member-dialog.png") });
  await expect(dialog.getByRole("button", { name: "Deactivate" })).toBeDisabled();
  await expect(dialog.getByText(/Provisioned by your identity provider \(SCIM\)/)).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  // What Okta sends on "Deactivate Users".
  await deactivateViaScim(request, endpoint, token, id);
  await page.reload();
  await expect(memberRow(page, "x@y.test")).toContainText("Deactivated");
});

test("@scim a member deactivated through SCIM can no longer sign in", async ({ page, browser, request }) => {
  const dana = "dana@deact.test";
  const team = await createTestTeam(request, { members: [{ email: dana }], scimToken: true });
  await signInAsOwner(page, team);
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await section.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  const scim = await section.getByLabel("Endpoint", { exact: true }).inputValue();

  const id = await scimUserId(request, scim, team.scimToken!, dana);
  await deactivateViaScim(request, scim, team.scimToken!, id);

  await page.reload();
  await expect(memberRow(page, dana)).toContainText("Deactivated");

  const other = await browser.newPage();
  await signIn(other, dana, team.password);
  await expect(other.locator("form").getByRole("alert")).toContainText("Your access has been deactivated");
  await expect(other).toHaveURL(/\/login/);
  await other.close();
});

test("@scim a revoked token is refused (401) from the next request on", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);
  const { endpoint, token } = await generateToken(page, "Rotate me");
  expect((await request.get(`${endpoint}/Users`, { headers: bearer(token) })).status()).toBe(200);

  const row = page.getByTestId("token-row").filter({ hasText: "Rotate me" });
  await row.getByRole("button", { name: "Revoke token Rotate me" }).click();
  await expect(row).toContainText("Revoke “Rotate me”? Requests with it will be refused.");
  await row.getByRole("button", { name: "Confirm revoking token Rotate me" }).click();
  // Revoked tokens fold away behind a toggle, still there to tell which one a failing IdP sends.
  const revoked = page.getByTestId("revoked-tokens");
  await expect(revoked.getByTestId("token-row").filter({ hasText: "Rotate me" })).toBeHidden();
  await revoked.getByText("Show revoked tokens (1)").click();
  await expect(revoked.getByTestId("token-row").filter({ hasText: "Rotate me" })).toContainText("Revoked");

  expect((await request.get(`${endpoint}/Users`, { headers: bearer(token) })).status()).toBe(401);
});

test("the owner changes a member's role", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: "rory@roles.test" }] });
  await signInAsOwner(page, team);
  await expect(memberRow(page, "rory@roles.test")).toContainText("Member");

  const dialog = await openManage(page, "rory@roles.test");
  await dialog.getByLabel("Role").selectOption("ADMIN");
  await dialog.getByRole("button", { name: "Save role" }).click();
  await expect(dialog.getByRole("status")).toHaveText("rory@roles.test is now an admin.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(memberRow(page, "rory@roles.test").getByRole("cell").nth(3)).toHaveText("Admin"); // select, name, email, role
  await expect(page.getByRole("button", { name: "Manage rory@roles.test" })).toBeFocused();
});

test("the last active owner cannot be demoted, deactivated or removed, with a clear message", async ({ page, context, request }) => {
  const second = "olga@owners.test";
  const team = await createTestTeam(request, { members: [{ email: second, role: "OWNER" }] });
  await signInAsOwner(page, team);

  // Demote the other owner in a second tab, leaving this tab's page stale (two owners shown).
  const tab = await context.newPage();
  await tab.goto(`/teams/${team.slug}/members`);
  const other = await openManage(tab, second);
  await other.getByLabel("Role").selectOption("ADMIN");
  await other.getByRole("button", { name: "Save role" }).click();
  await expect(other.getByRole("status")).toContainText("is now an admin");
  await tab.close();

  // The stale page still offers the change; the domain refuses it and says why.
  const self = await openManage(page, team.owner.email);
  await self.getByLabel("Role").selectOption("MEMBER");
  await self.getByRole("button", { name: "Save role" }).click();
  await expect(self.getByRole("alert")).toHaveText(/at least one active owner/);
  await self.getByRole("button", { name: "Close" }).click();

  // Fresh, the page explains the lock up front and offers nothing that would fail.
  await page.reload();
  const fresh = await openManage(page, team.owner.email);
  await expect(fresh.getByLabel("Role")).toBeDisabled();
  await expect(fresh.getByText("This is the team's last active owner. Make someone else an owner first.")).toBeVisible();
  await expect(fresh.getByRole("button", { name: "Deactivate" })).toBeDisabled();
  await expect(fresh.getByRole("button", { name: "Remove…" })).toBeDisabled();
  await expect(memberRow(page, team.owner.email)).toContainText("Owner");
});

test("search by name or email, filter by status and role, with counts per status", async ({ page, request }) => {
  const team = await createTestTeam(request, {
    members: [
      { email: "alice@search.test" },
      { email: "bob@search.test" },
      { email: "carol@search.test", deactivated: true },
      { email: "dave@search.test", role: "ADMIN" },
    ],
  });
  await signInAsOwner(page, team);
  const rows = page.getByTestId("member-row");
  await expect(rows).toHaveCount(5);
  await expect(page.getByText("4 active · 1 deactivated")).toBeVisible();

  const search = page.getByRole("search", { name: "Search members" });
  await search.getByLabel("Search by name or email").fill("ALICE");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(1);
  await expect(memberRow(page, "alice@search.test")).toBeVisible();
  await expect(page).toHaveURL(/q=ALICE/);

  await search.getByLabel("Search by name or email").fill("test owner");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(1);
  await expect(memberRow(page, team.owner.email)).toBeVisible();

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(rows).toHaveCount(5);

  // Deactivated members are listed, marked, and one filter away.
  await expect(memberRow(page, "carol@search.test")).toContainText("Deactivated");
  const statusNav = page.getByRole("navigation", { name: "Filter by status" });
  await statusNav.getByRole("link", { name: /Deactivated\s*1/ }).click();
  await expect(rows).toHaveCount(1);
  await expect(memberRow(page, "carol@search.test")).toBeVisible();
  await expect(statusNav.getByRole("link", { name: /Deactivated/ })).toHaveAttribute("aria-current", "page");

  await statusNav.getByRole("link", { name: /All/ }).click();
  await expect(page).not.toHaveURL(/status=/);
  // The role applies on change, like the status tabs: no Search click.
  await search.getByLabel("Role").selectOption("ADMIN");
  await expect(page).toHaveURL(/role=ADMIN/);
  await expect(rows).toHaveCount(1);
  await expect(memberRow(page, "dave@search.test")).toBeVisible();

  // A search for LIKE wildcards matches them literally rather than everything.
  await page.goto(`/teams/${team.slug}/members?q=%25`);
  await expect(page.getByText("No members match these filters.")).toBeVisible();
});

test("add a member by email; bad input gets a form message and changes nothing", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: "exists@add.test" }] });
  await signInAsOwner(page, team);
  await page.getByRole("button", { name: "Add member" }).click();
  const form = page.getByRole("form", { name: "Add a member" });

  await form.getByLabel("Email").fill("not-an-email");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByRole("alert")).toHaveText("Enter a valid email address.");
  await expect(form.getByLabel("Email")).toHaveValue("not-an-email");

  await form.getByLabel("Email").fill("exists@add.test");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByRole("alert")).toHaveText("That person is already a member of this team.");

  await form.getByLabel("Email").fill("new@add.test");
  await form.getByLabel("Role").selectOption("ADMIN");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByRole("status")).toHaveText("new@add.test was added as an admin.");
  await expect(memberRow(page, "new@add.test")).toContainText("Admin");
  await expect(memberRow(page, "new@add.test")).toContainText("Manual");
  await expect(page.getByTestId("member-row")).toHaveCount(3);
});

test("an oversized value is cut by the field, and a hand-made one gets a page that says so, not a crash", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);
  await page.getByRole("button", { name: "Add member" }).click();
  const form = page.getByRole("form", { name: "Add a member" });
  // The fields hold what the server accepts (the action's zod limits).
  await expect(form.locator("#add-email")).toHaveAttribute("maxlength", "320");
  await expect(form.locator("#add-name")).toHaveAttribute("maxlength", "200");

  // Past the field's limit (as a script could send), the body is over Next's limit for actions.
  await form.getByLabel("Email").fill("big@add.test");
  await form.locator("#add-name").evaluate((el: HTMLInputElement) => {
    el.removeAttribute("maxlength");
    el.value = "x".repeat(2_500_000);
  });
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("heading", { name: "That did not work" })).toBeVisible();
  await expect(page.getByText("one of its values may be far too long")).toBeVisible();
  await expect(page.getByText("This page couldn\u2019t load")).toHaveCount(0);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(memberRow(page, "big@add.test")).toHaveCount(0);
});

test("an admin cannot grant or touch the Owner role", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: "ada@admin.test", role: "ADMIN" }, { email: "max@admin.test" }] });
  await signIn(page, "ada@admin.test", team.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  const owner = await openManage(page, team.owner.email);
  await expect(owner.getByText("Only owners can change, deactivate or remove an owner.").first()).toBeVisible();
  await expect(owner.getByRole("button", { name: "Save role" })).toBeDisabled();
  await owner.getByRole("button", { name: "Close" }).click();

  const max = await openManage(page, "max@admin.test");
  await expect(max.getByLabel("Role").locator("option")).toHaveText(["Admin", "Member"]);
  await max.getByRole("button", { name: "Close" }).click();

  // Nor through SCIM: the token an admin generates acts with the admin's authority.
  const { endpoint, token } = await generateToken(page, "Ada's Okta");
  await expect(page.getByTestId("token-row").filter({ hasText: "Ada's Okta" })).toContainText("Admins and members, not owners");
  const ownerId = await scimUserId(request, endpoint, token, team.owner.email);
  const res = await request.patch(`${endpoint}/Users/${ownerId}`, {
    headers: bearer(token),
    data: { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] },
  });
  expect(res.status(), await res.text()).toBe(403);
});

test("a member sees a read-only page", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: "mia@readonly.test" }] });
  await signIn(page, "mia@readonly.test", team.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  await expect(page.getByTestId("member-row")).toHaveCount(2);
  await expect(page.getByText("Read-only: only owners and admins can change members.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Manage / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await expect(section).toBeVisible();
  await expect(section.getByRole("button", { name: "Show SCIMv2 Details" })).toHaveCount(0);

  const nav = page.getByRole("navigation", { name: "Team" });
  await expect(nav.getByRole("link")).toHaveText(["Manage Team", "Groups"]);
  await page.goto(`/teams/${team.slug}/audit`);
  await expect(page.getByText("Only owners and admins can read the audit log.")).toBeVisible();
});

test("the team navigation links Members, Groups, Audit log and SSO, and SAML is one click from the section", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signInAsOwner(page, team);
  const nav = page.getByRole("navigation", { name: "Team" });
  await expect(nav.getByRole("link")).toHaveText(["Manage Team", "Groups", "Audit log", "SSO", "Settings"]);
  await expect(nav.getByRole("link", { name: "Manage Team" })).toHaveAttribute("aria-current", "page");
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await expect(section.getByRole("link", { name: "Configure SAML single sign-on" })).toHaveAttribute("href", `/teams/${team.slug}/sso`);

  await nav.getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
});

test("@scim the member dialog shows the profile the team's IdP sent (title, department, manager, phone)", async ({ page, request }) => {
  const team = await createTestTeam(request, { scimToken: true });
  await signInAsOwner(page, team);
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await section.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  const scim = await section.getByLabel("Endpoint", { exact: true }).inputValue();
  const created = await request.post(`${scim}/Users`, {
    headers: bearer(team.scimToken!),
    data: {
      schemas: [SCIM_USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      userName: "pat@profile.test",
      name: { givenName: "Pat", familyName: "Ng" },
      title: "Head of Finance",
      phoneNumbers: [{ value: "+1 555 0142", type: "work", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Finance", manager: { value: "m-1", displayName: "Ada Boss" } },
    },
  });
  expect(created.status()).toBe(201);
  await page.reload();
  const dialog = await openManage(page, "pat@profile.test");
  const profile = dialog.getByTestId("member-profile");
  await expect(profile).toContainText("Head of Finance");
  await expect(profile).toContainText("Finance");
  await expect(profile).toContainText("Ada Boss");
  await expect(profile).toContainText("+1 555 0142");
});
