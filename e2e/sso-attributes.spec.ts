import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestTeam, memberRow, signIn, type TestTeam } from "./helpers";
import { startIdpServer, type IdpServer } from "./idp/server";

// SAML from IdPs that name attributes their own way (LDAP, urn:oid, SimpleSAMLphp's hash NameID),
// the per-connection mapping editor and its preview, and role/group sync on every login; then
// SCIM token rotation with an overlap and the read-only scope.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const APP = `http://127.0.0.1:${PORT}`;
const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? PORT + 11);

// Several full SAML round trips per test: more than the default minute on a loaded machine.
test.describe.configure({ timeout: 180_000 });

let idps: IdpServer;
test.beforeAll(async () => {
  idps = await startIdpServer({ port: IDP_PORT, acsUrl: `${APP}/api/oauth/saml`, spEntityId: `${APP}/api/saml/metadata` });
});
test.afterAll(async () => {
  await idps?.close();
});

const uniqueDomain = () => `${crypto.randomBytes(4).toString("hex")}.dialect-e2e.test`;

/** Owner signs in, pastes the IdP's metadata, verifies the domain and sets JIT. */
async function connect(page: Page, team: TestTeam, domain: string, jit: boolean) {
  const idp = idps.idp(team.slug);
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//, { timeout: 30_000 });
  await page.goto(`/teams/${team.slug}/sso`);
  await page.getByLabel("IdP metadata XML").fill(idp.metadataXml());
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByTestId("sso-connection")).toContainText(idp.entityId);
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.locator(`[data-testid="domain-row"][data-domain="${domain}"]`);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Mark as verified" }).click();
  await expect(row).toContainText("Verified");
  if (jit) {
    await page.getByLabel("Just-in-time provisioning").check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }
}

/** IdP-initiated login (the app tile) as `email`, in `dialect`, optionally with a hash NameID. */
async function launch(page: Page, team: TestTeam, v: { email: string; first?: string; last?: string; dialect?: string; hashNameId?: boolean; role?: string; groups?: string }) {
  await page.context().clearCookies();
  await page.goto(`${idps.origin}/idp/${team.slug}/launch`);
  await page.getByLabel("IdP account email").fill(v.email);
  if (v.first) await page.getByLabel("Given name").fill(v.first);
  if (v.last) await page.getByLabel("Family name").fill(v.last);
  if (v.role) await page.getByLabel("Role attribute").fill(v.role);
  if (v.groups) await page.getByLabel("Groups").fill(v.groups);
  if (v.dialect) await page.getByLabel("Attribute dialect").selectOption(v.dialect);
  if (v.hashNameId) await page.getByLabel("NameID").selectOption("persistent");
  await page.getByRole("button", { name: "Open Gatehouse" }).click();
}

test("LDAP names with SimpleSAMLphp's hash NameID: SP-initiated sign-in takes the email from mail and gets a name", async ({ page, request }) => {
  const team = await createTestTeam(request);
  const domain = uniqueDomain();
  await connect(page, team, domain, true);

  const grace = `grace@${domain}`;
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(grace);
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await page.getByLabel("IdP account email").fill(grace);
  await page.getByLabel("Given name").fill("Grace");
  await page.getByLabel("Family name").fill("Hopper");
  await page.getByLabel("Attribute dialect").selectOption("ldap");
  await page.getByLabel("NameID").selectOption("persistent");
  await page.getByRole("button", { name: "Sign in at IdP" }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
  await expect(memberRow(page, grace)).toContainText("Grace Hopper");
});

test("urn:oid names with a hash NameID sign in; the mapping editor previews the last assertion and a new mapping", async ({ page, request }) => {
  const team = await createTestTeam(request);
  const domain = uniqueDomain();
  await connect(page, team, domain, true);

  const alan = `alan@${domain}`;
  await launch(page, team, { email: alan, first: "Alan", last: "Turing", dialect: "urn_oid", hashNameId: true });
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
  await expect(memberRow(page, alan)).toContainText("Alan Turing");

  // The owner reads what was sent and what Gatehouse set, then maps the display name.
  await page.context().clearCookies();
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//, { timeout: 30_000 });
  await page.goto(`/teams/${team.slug}/sso`);
  await expect(page.getByTestId("sign-in-record")).toContainText(`Last successful sign-in: ${alan}`);
  const preview = page.getByTestId("mapping-preview");
  const emailRow = preview.locator('[data-testid="preview-row"][data-target="email"]');
  await expect(emailRow).toContainText("urn:oid:0.9.2342.19200300.100.1.3");
  await expect(emailRow).toContainText(alan);
  await expect(preview.locator('[data-testid="preview-row"][data-target="givenName"]')).toContainText("urn:oid:2.5.4.42");

  await page.getByLabel("Display name attribute").fill("urn:oid:2.5.4.42");
  await page.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attribute mapping saved." })).toBeVisible({ timeout: 30_000 });
  const displayRow = preview.locator('[data-testid="preview-row"][data-target="displayName"]');
  await expect(displayRow).toContainText("urn:oid:2.5.4.42");
  await expect(displayRow).toContainText("Alan");
});

test("with role and group sync on, each login updates an existing member's role and groups", async ({ page, request }) => {
  const domain = uniqueDomain();
  const lin = `lin@${domain}`;
  const team = await createTestTeam(request, { members: [{ email: lin, password: false }] });
  await connect(page, team, domain, false);
  await page.getByLabel("Update role and groups on every sign-in").check();
  await page.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attribute mapping saved." })).toBeVisible();

  await launch(page, team, { email: lin, role: "admin", groups: "Eng, Ops" });
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
  await expect(memberRow(page, lin)).toContainText("Admin");
  await page.goto(`/teams/${team.slug}/groups`);
  await expect(page.getByText("Eng", { exact: true })).toBeVisible();
  await expect(page.getByText("Ops", { exact: true })).toBeVisible();

  await launch(page, team, { email: lin, role: "member", groups: "Eng" });
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
  await expect(memberRow(page, lin)).toContainText("Member");
});

const scimHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" });

test("@scim a read-only token cannot write (403); rotation keeps the old token working for the overlap", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`), { timeout: 30_000 });
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await section.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  const endpoint = await section.getByLabel("Endpoint", { exact: true }).inputValue();

  await section.getByLabel("Token name").fill("Reports");
  await section.getByLabel("Access").selectOption("read-only");
  await section.getByRole("button", { name: "Generate token" }).click();
  const readOnly = await section.getByLabel("New token", { exact: true }).inputValue();
  expect(readOnly).toMatch(/^ghscim_/);
  await expect(page.getByTestId("token-row").filter({ hasText: "Reports" })).toContainText("Read only");
  expect((await request.get(`${endpoint}/Users`, { headers: scimHeaders(readOnly) })).status()).toBe(200);
  const write = await request.post(`${endpoint}/Users`, { headers: scimHeaders(readOnly), data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ro@x.test" } });
  expect(write.status()).toBe(403);
  expect(await write.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "403" });

  await section.getByLabel("Token name").fill("Okta");
  await section.getByLabel("Access").selectOption("read-write");
  await section.getByRole("button", { name: "Generate token" }).click();
  await expect(section.getByLabel("New token", { exact: true })).not.toHaveValue(readOnly);
  const old = await section.getByLabel("New token", { exact: true }).inputValue();

  const row = page.getByTestId("token-row").filter({ hasText: "Okta" }).filter({ hasText: "Read and write" });
  await row.getByRole("button", { name: "Rotate token Okta" }).click();
  await row.getByLabel("Old token keeps working").selectOption("24");
  await row.getByRole("button", { name: "Confirm rotating token Okta" }).click();
  const fresh = await page.getByLabel("New token for Okta").inputValue();
  expect(fresh).toMatch(/^ghscim_/);
  await expect(page.getByTestId("token-row").filter({ hasText: "Rotated: works until" })).toHaveCount(1);

  for (const token of [old, fresh]) {
    const res = await request.post(`${endpoint}/Users`, { headers: scimHeaders(token), data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `${crypto.randomBytes(3).toString("hex")}@x.test` } });
    expect(res.status()).toBe(201);
  }
});
