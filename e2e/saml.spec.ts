import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestTeam, formError, memberRow, signIn, type TestTeam } from "./helpers";
import { startIdpServer, type IdpServer } from "./idp/server";

// SAML single sign-on against a real IdP (e2e/idp) running on its own port next to the app.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const APP = `http://127.0.0.1:${PORT}`;
const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? PORT + 10);

let idps: IdpServer;
test.beforeAll(async () => {
  idps = await startIdpServer({ port: IDP_PORT, acsUrl: `${APP}/api/oauth/saml`, spEntityId: `${APP}/api/saml/metadata` });
});
test.afterAll(async () => {
  await idps?.close();
});

const uniqueDomain = () => `${crypto.randomBytes(4).toString("hex")}.saml-e2e.test`;

/** Confirms the next window.confirm (destructive and manual-verify buttons ask). */
const acceptNextDialog = (page: Page) => page.once("dialog", (d) => void d.accept());

/**
 * The admin's whole setup through the SSO page: paste the IdP's metadata, add and verify the
 * email domain, set JIT. Returns the IdP (named after the team).
 */
async function connectTeam(page: Page, team: TestTeam, domain: string, opts: { jit: boolean }) {
  const idp = idps.idp(team.slug);
  await page.context().clearCookies();
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/sso`);
  await expect(page.getByRole("heading", { name: "Single sign-on", exact: true })).toBeVisible();

  await page.getByLabel("IdP metadata XML").fill(idp.metadataXml());
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Connected to ${idp.entityId}` })).toBeVisible();
  await expect(page.getByTestId("sso-connection")).toContainText(idp.entityId);

  await page.getByLabel("Domain", { exact: true }).fill(domain.toUpperCase());
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.locator(`[data-testid="domain-row"][data-domain="${domain}"]`);
  await expect(row).toContainText("Pending verification");
  await expect(row).toContainText(`_gatehouse-verification.${domain}`);
  acceptNextDialog(page);
  await row.getByRole("button", { name: "Mark as verified" }).click();
  await expect(row).toContainText("Verified");

  if (opts.jit) {
    await page.getByLabel("Just-in-time provisioning").check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }
  return idp;
}

/** Leaves the admin's session, then "Continue with SSO" with `email`, through to the IdP's login page. */
async function continueWithSso(page: Page, email: string) {
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(page.getByRole("heading", { name: /^Test IdP / })).toBeVisible();
}

async function signInAtIdp(page: Page, email: string, names: { first?: string; last?: string; groups?: string; role?: string } = {}) {
  await page.getByLabel("IdP account email").fill(email);
  if (names.first) await page.getByLabel("Given name").fill(names.first);
  if (names.last) await page.getByLabel("Family name").fill(names.last);
  if (names.groups) await page.getByLabel("Groups").fill(names.groups);
  if (names.role) await page.getByLabel("Role attribute").fill(names.role);
  await page.getByRole("button", { name: /Sign in at IdP|Open Gatehouse/ }).click();
}

test("the SSO page shows the SP values and serves downloadable SP metadata", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/sso`);
  await expect(page.getByTestId("sp-acs-url")).toHaveText(`${APP}/api/oauth/saml`);
  await expect(page.getByTestId("sp-entity-id")).toHaveText(`${APP}/api/saml/metadata`);
  await expect(page.getByTestId("sp-metadata-url")).toHaveText(`${APP}/api/saml/metadata`);
  // The IdP's own words for them (ConfigCat's and Okta's guides: "Single sign-on URL", "Audience URI").
  await page.getByTestId("walkthrough-okta").locator("summary").click();
  await expect(page.getByTestId("walkthrough-okta")).toContainText(`Single sign-on URL: ${APP}/api/oauth/saml`);
  await expect(page.getByTestId("walkthrough-okta")).toContainText(`Audience URI (SP Entity ID): ${APP}/api/saml/metadata`);
  // Okta's provisioning guides: SCIM is switched on in General before the Provisioning tab exists, and To App's actions are off by default.
  await expect(page.getByTestId("walkthrough-okta")).toContainText("tick “Enable SCIM provisioning”");
  await expect(page.getByTestId("walkthrough-okta")).toContainText("enable Create Users, Update User Attributes and Deactivate Users");
  await expect(page.getByTestId("walkthrough-okta").getByRole("link", { name: "Manage Team → Show SCIMv2 Details" })).toHaveAttribute("href", `/teams/${team.slug}/members#scim`);

  const res = await request.get("/api/saml/metadata?download");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toContain("attachment");
  const xml = await res.text();
  expect(xml).toContain(`entityID="${APP}/api/saml/metadata"`);
  expect(xml).toContain(`Location="${APP}/api/oauth/saml"`);
  expect(xml).toMatch(/AuthnRequestsSigned="true"/);
  expect(xml).toMatch(/WantAssertionsSigned="true"/);
  expect(xml).toContain('use="encryption"');
});

test("SP-initiated: a new person continues with SSO, is created by JIT and lands signed in", async ({ page, request }, testInfo) => {
  const team = await createTestTeam(request);
  const domain = uniqueDomain();
  await connectTeam(page, team, domain, { jit: true });

  const email = `new.person@${domain}`;
  await continueWithSso(page, email);
  await signInAtIdp(page, email, { first: "New", last: "Person" });
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await expect(page.getByRole("heading", { name: "Manage Team" })).toBeVisible();
  await expect(memberRow(page, email)).toContainText("New Person");
  await expect(memberRow(page, email)).toContainText("SSO");
  await expect(memberRow(page, email)).toContainText("Member");
  await expect(memberRow(page, email)).not.toContainText("Never");
  await page.screenshot({ path: testInfo.outputPath("after-sso-login.png"), fullPage: true });
});

test("IdP-initiated: an existing member opens Gatehouse from the IdP and is signed in", async ({ page, request }) => {
  const domain = uniqueDomain();
  const email = `existing@${domain}`;
  const team = await createTestTeam(request, { members: [{ email, role: "ADMIN", password: false }] });
  const idp = await connectTeam(page, team, domain, { jit: false });

  await page.context().clearCookies();
  await page.goto(`${idps.origin}/idp/${team.slug}/launch`);
  await page.getByLabel("IdP account email").fill(email.toUpperCase());
  await page.getByLabel("Given name").fill("Existing");
  await page.getByLabel("Family name").fill("Admin");
  await page.getByRole("button", { name: "Open Gatehouse" }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await expect(memberRow(page, email)).toContainText("Existing Admin");
  expect(idp.entityId).toContain(team.slug);
});

test("a deactivated member is refused with a clear message and gets no session", async ({ page, request }) => {
  const domain = uniqueDomain();
  const email = `gone@${domain}`;
  const team = await createTestTeam(request, { members: [{ email, deactivated: true, password: false }] });
  await connectTeam(page, team, domain, { jit: true });

  await continueWithSso(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(/\/login\?error=sso_deactivated/);
  await expect(formError(page)).toContainText("Your access has been deactivated");
  await page.goto(`/teams/${team.slug}/members`);
  await expect(page).toHaveURL(/\/login/);
});

test("with JIT off an unknown person is told to ask for the app, and is not created", async ({ page, request }) => {
  const team = await createTestTeam(request);
  const domain = uniqueDomain();
  await connectTeam(page, team, domain, { jit: false });

  await continueWithSso(page, `stranger@${domain}`);
  await signInAtIdp(page, `stranger@${domain}`);
  await expect(formError(page)).toContainText("ask your administrator to assign you the app");

  await page.context().clearCookies();
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/members`);
  // On the list itself: a count of 0 on any other page would prove nothing.
  await expect(page.getByRole("heading", { name: "Manage Team" })).toBeVisible();
  await expect(memberRow(page, `stranger@${domain}`)).toHaveCount(0);
});

test("forged responses (signature wrapping, unsigned) are refused in the browser, create nobody and are audited", async ({ page, request }) => {
  test.setTimeout(180_000); // three full SSO round trips on a loaded machine
  const team = await createTestTeam(request);
  const domain = uniqueDomain();
  await connectTeam(page, team, domain, { jit: true });
  const email = `victim@${domain}`;

  for (const attack of ["XSW3", "XSW1", "unsigned"]) {
    // SP-initiated: the IdP checked our signed AuthnRequest, then answers with a forgery.
    await continueWithSso(page, email);
    await page.getByLabel("Attack").fill(attack);
    await signInAtIdp(page, email);
    await expect(page).toHaveURL(/\/login\?error=sso_rejected/);
    await page.goto(`/teams/${team.slug}/members`);
    await expect(page).toHaveURL(/\/login/);
  }

  await page.context().clearCookies();
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(page.getByRole("heading", { name: "Manage Team" })).toBeVisible();
  await expect(memberRow(page, email)).toHaveCount(0);
  await expect(memberRow(page, `evil.${email}`)).toHaveCount(0);
  await page.goto(`/teams/${team.slug}/audit`);
  const refusals = page.locator('[data-testid="audit-row"][data-action="member.login_refused"]');
  await expect(refusals.filter({ hasText: "wrapped" })).toHaveCount(2);
  await expect(refusals.filter({ hasText: "unsigned" })).toHaveCount(1);
});

test("two teams with their own IdPs work side by side", async ({ page, request }) => {
  const [teamA, teamB] = [await createTestTeam(request), await createTestTeam(request)];
  const [domainA, domainB] = [uniqueDomain(), uniqueDomain()];
  await connectTeam(page, teamA, domainA, { jit: true });
  await connectTeam(page, teamB, domainB, { jit: true });

  await continueWithSso(page, `ann@${domainA}`);
  await expect(page.getByRole("heading", { name: `Test IdP ${teamA.slug}` })).toBeVisible();
  await signInAtIdp(page, `ann@${domainA}`);
  await expect(page).toHaveURL(new RegExp(`/teams/${teamA.slug}/members`));

  await continueWithSso(page, `ben@${domainB}`);
  await expect(page.getByRole("heading", { name: `Test IdP ${teamB.slug}` })).toBeVisible();
  // Ben's IdP sends a role attribute: JIT makes him an admin rather than the default member.
  await signInAtIdp(page, `ben@${domainB}`, { role: "admin" });
  await expect(page).toHaveURL(new RegExp(`/teams/${teamB.slug}/members`));
  await expect(memberRow(page, `ben@${domainB}`)).toContainText("Admin");
  await expect(memberRow(page, `ann@${domainA}`)).toHaveCount(0);
});

test("Require SSO waits for a successful test sign-in, which leaves the admin signed in as themselves; the preview names who is affected", async ({ page, request }, testInfo) => {
  const domain = uniqueDomain();
  const member = `pat@${domain}`;
  const team = await createTestTeam(request, { members: [{ email: member }, { email: `outsider@elsewhere-${domain}` }] });
  await connectTeam(page, team, domain, { jit: false });

  // The preview: Pat (password, on the domain) would lose password sign-in; the outsider and the
  // owner (not on the domain) are outside every verified domain.
  await expect(page.getByTestId("preview-lose-password")).toContainText(member);
  await expect(page.getByTestId("preview-outside")).toContainText(`outsider@elsewhere-${domain}`);
  await expect(page.getByTestId("preview-outside")).toContainText(team.owner.email);

  await expect(page.getByTestId("require-sso-untested")).toBeVisible();
  await page.getByLabel("Require SSO").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Test sign-in" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sso-page.png"), fullPage: true });

  // The owner tests with an IdP account on the domain and comes back as themselves.
  await page.getByRole("link", { name: "Test sign-in" }).click();
  await signInAtIdp(page, `it.admin@${domain}`);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/sso\\?.*test=ok`));
  await expect(page.getByTestId("test-result")).toContainText("Test sign-in succeeded");
  await expect(page.getByRole("banner")).toContainText(team.owner.email);
  await expect(page.getByTestId("connection-tested")).toContainText(`it.admin@${domain}`);

  await page.getByLabel("Require SSO").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, member, team.password);
  await expect(formError(page)).toContainText("Your organisation requires single sign-on");
  // The team owner (not on the domain) still signs in with a password.
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
});

test("bad input gets a clear message and changes nothing", async ({ page, request }) => {
  const team = await createTestTeam(request);
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/sso`);

  await page.getByLabel("IdP metadata XML").fill("<html>not metadata</html>");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not SAML metadata" })).toBeVisible();
  await expect(page.getByLabel("IdP metadata XML")).toHaveValue("<html>not metadata</html>");

  await page.getByRole("radio", { name: "Metadata URL" }).check();
  await page.getByLabel("IdP metadata URL").fill("https://10.0.0.1/metadata");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "private or local address" })).toBeVisible();
  await expect(page.getByTestId("sso-connection")).toHaveCount(0);

  await page.getByLabel("Domain", { exact: true }).fill("https://example.com/x");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is not a domain" })).toBeVisible();
  await page.getByLabel("Domain", { exact: true }).fill("gmail.com");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "public email provider" })).toBeVisible();
  await expect(page.getByTestId("domain-row")).toHaveCount(0);

  await page.getByLabel("Require SSO").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Add an SSO connection before requiring SSO" })).toBeVisible();

  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill("someone@unknown-domain.test");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(formError(page)).toContainText("Single sign-on isn't set up for unknown-domain.test");
});

test("an admin can load the IdP metadata from its URL", async ({ page, request }) => {
  const team = await createTestTeam(request);
  const idp = idps.idp(team.slug);
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/sso`);
  await page.getByRole("radio", { name: "Metadata URL" }).check();
  await page.getByLabel("IdP metadata URL").fill(`${idps.origin}/idp/${team.slug}/metadata`);
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByTestId("sso-connection")).toContainText(idp.entityId);
  await expect(page.getByTestId("sso-connection")).toContainText(`${idps.origin}/idp/${team.slug}/metadata`);
});

test("a member signed in by SAML loses the session at the next request once SCIM deactivates them", async ({ page, request }) => {
  const domain = uniqueDomain();
  const email = `leaver@${domain}`;
  const team = await createTestTeam(request, { members: [{ email, password: false }], scimToken: true });
  await connectTeam(page, team, domain, { jit: false });

  await continueWithSso(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  const scim = { Authorization: `Bearer ${team.scimToken}` };
  const found = await request.get(`/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`, { headers: scim });
  expect(found.status()).toBe(200);
  const id = (await found.json()).Resources[0].id as string;
  const off = await request.patch(`/api/scim/v2/Users/${id}`, {
    headers: { ...scim, "content-type": "application/scim+json" },
    data: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] },
  });
  expect(off.status()).toBe(200);

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
});
