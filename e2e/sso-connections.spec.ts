import crypto from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { createTestTeam, formError, memberRow, signIn, type TestTeam } from "./helpers";
import { startIdpServer, type IdpServer } from "./idp/server";
import { startOidcProvider, type OidcServer } from "./oidc/provider";

// OpenID Connect against a real local OpenID provider, several connections on one team routed by
// domain, and the setup link the customer's IT admin uses without an account.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const APP = `http://127.0.0.1:${PORT}`;

// Each test runs whole sign-ins through two or three servers (app, OpenID provider, SAML IdP);
// on a busy machine one step can take longer than the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

let op: OidcServer;
let idps: IdpServer;
test.beforeAll(async () => {
  op = await startOidcProvider({ port: PORT + 20 });
  idps = await startIdpServer({ port: PORT + 21, acsUrl: `${APP}/api/oauth/saml`, spEntityId: `${APP}/api/saml/metadata` });
});
test.afterAll(async () => {
  await op?.close();
  await idps?.close();
});

const uniqueDomain = () => `${crypto.randomBytes(4).toString("hex")}.oidc-e2e.test`;
const acceptNextDialog = (page: Page) => page.once("dialog", (d) => void d.accept());

async function openSsoPage(page: Page, team: TestTeam) {
  await page.context().clearCookies();
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/sso`);
}

async function addOidcConnection(page: Page, label: string) {
  await page.getByRole("radio", { name: "OpenID Connect" }).check();
  const form = page.getByRole("form", { name: "New OIDC connection" });
  await form.getByLabel("Name").fill(label);
  await form.getByLabel("Discovery URL").fill(op.discoveryUrl);
  // The connection's own redirect URI, shown once the discovery URL is in: registered at the provider.
  const redirectUri = form.getByTestId("oidc-redirect-uri");
  await expect(redirectUri).toHaveText(new RegExp(`^${APP}/api/oauth/oidc/[0-9a-f]{24}$`));
  const client = await op.registerClient((await redirectUri.textContent())!);
  await form.getByLabel("Client ID").fill(client.clientId);
  await form.getByLabel("Client secret").fill(client.clientSecret);
  await form.getByRole("button", { name: "Save connection" }).click();
  await expect(page.locator(`[data-testid="sso-connection"][data-label="${label}"]`)).toBeVisible();
}

async function addVerifiedDomain(page: Page, domain: string) {
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.locator(`[data-testid="domain-row"][data-domain="${domain}"]`);
  acceptNextDialog(page);
  await row.getByRole("button", { name: "Mark as verified" }).click();
  await expect(row).toContainText("Verified");
  return row;
}

async function continueWithSso(page: Page, email: string) {
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue with SSO" }).click();
}

async function signInAtOp(page: Page, email: string) {
  await page.getByPlaceholder("Enter any login").fill(email);
  await page.getByPlaceholder("and password").fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("OIDC: a person signs in through an OpenID provider and lands on the team; a forged state or nonce is refused", async ({ page, request }) => {
  const domain = uniqueDomain();
  const team = await createTestTeam(request);
  await openSsoPage(page, team);
  await addOidcConnection(page, "Local OP");
  await addVerifiedDomain(page, domain);
  await page.getByLabel("Just-in-time provisioning").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();

  // A state that is not one Gatehouse sent: refused before any code is used; and so is any answer
  // to the one redirect URI all connections shared before each had its own.
  const ownUri = (await page.locator(`[data-testid="sso-connection"][data-label="Local OP"]`).getByTestId("oidc-redirect-uri").first().textContent())!;
  await page.context().clearCookies();
  for (const uri of [ownUri, `${APP}/api/oauth/oidc`]) {
    await page.goto(`${uri}?code=stolen-code&state=forged-state`);
    await expect(page).toHaveURL(/\/login\?error=sso_rejected/);
    await expect(formError(page)).toBeVisible();
  }

  // A nonce other than the one Gatehouse sent: the provider puts it in the id_token, which is
  // refused. (Playwright cannot route a redirect, so the authorize answer itself is rewritten.)
  await page.route(
    (url) => url.pathname === "/api/oauth/authorize",
    async (route) => {
      const res = await route.fetch({ maxRedirects: 0 });
      const location = new URL(res.headers()["location"]!);
      location.searchParams.set("nonce", "not-the-nonce-gatehouse-sent");
      await route.fulfill({ status: 303, headers: { location: location.toString() } });
    },
    { times: 1 },
  );
  await continueWithSso(page, `eve@${domain}`);
  await signInAtOp(page, `eve@${domain}`);
  await expect(page).toHaveURL(/\/login\?.*error=/);
  await page.unrouteAll();

  // The real thing: JIT creates Olivia with the names from the provider's claims.
  const email = `olivia.oidc@${domain}`;
  await continueWithSso(page, email);
  await signInAtOp(page, email);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await expect(memberRow(page, email)).toContainText("Olivia Oidc");
  await expect(memberRow(page, email)).toContainText("SSO");
  // Eve, refused twice, was never created.
  await expect(memberRow(page, `eve@${domain}`)).toHaveCount(0);
});

test("two connections on one team: each email domain signs in through its own IdP", async ({ page, request }) => {
  const parent = uniqueDomain();
  const subsidiary = uniqueDomain();
  const team = await createTestTeam(request, { members: [{ email: `sam@${parent}`, password: false }, { email: `olga@${subsidiary}`, password: false }] });
  const idp = idps.idp(team.slug);
  await openSsoPage(page, team);
  // First a SAML IdP (the default), then an OIDC one for the subsidiary.
  await page.getByLabel("IdP metadata XML").fill(idp.metadataXml());
  await page.getByRole("form", { name: "New SAML connection" }).getByLabel("Name").fill("Parent SAML");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.locator('[data-testid="sso-connection"][data-label="Parent SAML"]')).toBeVisible();
  await addOidcConnection(page, "Subsidiary OIDC");
  await addVerifiedDomain(page, parent);
  const subRow = await addVerifiedDomain(page, subsidiary);
  await subRow.getByLabel("Signs in through").selectOption({ label: "Subsidiary OIDC" });
  await subRow.getByRole("button", { name: "Route" }).click();
  await expect(page.locator('[data-testid="sso-connection"][data-label="Subsidiary OIDC"]').getByTestId("connection-domains")).toHaveText(subsidiary);

  await continueWithSso(page, `olga@${subsidiary}`);
  await signInAtOp(page, `olga@${subsidiary}`);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await expect(page.getByRole("banner")).toContainText(`olga@${subsidiary}`);

  await continueWithSso(page, `sam@${parent}`);
  await expect(page.getByRole("heading", { name: `Test IdP ${team.slug}` })).toBeVisible();
  await page.getByLabel("IdP account email").fill(`sam@${parent}`);
  await page.getByRole("button", { name: /Sign in at IdP/ }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
  await expect(page.getByRole("banner")).toContainText(`sam@${parent}`);
});

test("a setup link lets someone without an account configure the team's SSO and nothing else, until it is revoked", async ({ page, request }) => {
  const domain = uniqueDomain();
  const team = await createTestTeam(request);
  await openSsoPage(page, team);
  await page.getByLabel("Valid for").selectOption("1");
  await page.getByRole("button", { name: "Create setup link" }).click();
  const link = (await page.getByTestId("secret-value").textContent())!;
  expect(link).toContain(`${APP}/setup-sso/`);

  // The IT admin: no Gatehouse session at all.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: /Set up single sign-on for/ })).toBeVisible();
  await page.getByTestId("walkthrough-okta").locator("summary").click();
  await expect(page.getByTestId("walkthrough-okta")).toContainText(`${APP}/api/oauth/saml`);
  await addOidcConnection(page, "Customer OP");
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.locator(`[data-testid="domain-row"][data-domain="${domain}"]`)).toContainText("_gatehouse-verification");
  await page.getByRole("button", { name: "Create SCIM token" }).click();
  await expect(page.getByTestId("secret-extra")).toHaveText(`${APP}/api/scim/v2`);
  const token = (await page.getByTestId("secret-value").textContent())!;
  const users = await request.get("/api/scim/v2/Users", { headers: { Authorization: `Bearer ${token}` } });
  expect(users.status()).toBe(200);

  // Nothing else: the page names no member, and the team's pages want a sign-in.
  await expect(page.locator("main")).not.toContainText(team.owner.email);
  await page.goto(`/teams/${team.slug}/members`);
  await expect(page).toHaveURL(/\/login/);

  // The owner sees what the link did, and revokes it.
  await openSsoPage(page, team);
  await expect(page.locator('[data-testid="sso-connection"][data-label="Customer OP"]')).toBeVisible();
  const row = page.getByTestId("setup-link-row").first();
  acceptNextDialog(page);
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("setup-link-row").first()).toHaveAttribute("data-status", "revoked");

  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByTestId("setup-link-refused")).toHaveAttribute("data-reason", "revoked");
});

test("a verified domain is removed by an owner only; an admin is told so instead of a Remove button", async ({ page, request }) => {
  const adminEmail = `admin-${crypto.randomBytes(3).toString("hex")}@domains.test`;
  const team = await createTestTeam(request, { members: [{ email: adminEmail, role: "ADMIN", password: true }] });
  await openSsoPage(page, team);
  const verified = uniqueDomain();
  await addVerifiedDomain(page, verified);
  const pending = uniqueDomain();
  await page.getByLabel("Domain", { exact: true }).fill(pending);
  await page.getByRole("button", { name: "Add domain" }).click();
  const pendingRow = page.locator(`[data-testid="domain-row"][data-domain="${pending}"]`);
  await expect(pendingRow).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, adminEmail, team.password);
  await page.goto(`/teams/${team.slug}/sso`);
  const verifiedRow = page.locator(`[data-testid="domain-row"][data-domain="${verified}"]`);
  await expect(verifiedRow).toContainText("Only an owner can remove a verified domain");
  await expect(verifiedRow.getByRole("button", { name: "Remove" })).toHaveCount(0);
  acceptNextDialog(page);
  await pendingRow.getByRole("button", { name: "Remove" }).click();
  await expect(pendingRow).toHaveCount(0);
});
