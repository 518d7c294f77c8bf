import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { createTestTeam, formError, memberRow, signIn, type TestTeam } from "../e2e/helpers";
import { startIdpServer, type IdpServer } from "../e2e/idp/server";
import { waitForLockWaiters } from "../lib/testing/lock-waiters";
import { createDatabase, dropDatabase, sharedSecrets, startInstance, startProxy, type Instance, type Proxy } from "./cluster";

// Two production instances on one PostgreSQL database behind a round-robin proxy with no
// stickiness: whatever one instance kept in its own memory would fail here.
const PORT = Number(process.env.MULTI_PORT ?? 3150);
const DATABASE = `gatehouse_multi_${PORT}`;
// Low, so that the test can reach it; the import test below stays under it.
const SCIM_LIMIT = 40;

let databaseUrl: string;
let instances: Instance[] = [];
let proxy: Proxy;
let idps: IdpServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  databaseUrl = await createDatabase(DATABASE);
  idps = await startIdpServer({ port: PORT + 9, acsUrl: `http://127.0.0.1:${PORT}/api/oauth/saml`, spEntityId: `http://127.0.0.1:${PORT}/api/saml/metadata` });
});

test.afterAll(async () => {
  await proxy?.close();
  await Promise.all(instances.map((i) => i.stop()));
  await idps?.close();
  await dropDatabase(DATABASE);
});

test("two instances starting at the same moment on an empty database both come up, each migration applied once", async () => {
  const secrets = { ...sharedSecrets(), SCIM_RATE_LIMIT_PER_MINUTE: String(SCIM_LIMIT) };
  const publicUrl = `http://127.0.0.1:${PORT}`;
  // A starting gate: an uncommitted history table of our own holds both instances' first
  // migration statement until both are waiting on it, so that they really meet at the database.
  const gate = new pg.Client({ connectionString: databaseUrl });
  await gate.connect();
  await gate.query(`BEGIN; CREATE TABLE "_prisma_migrations" (id int)`);
  const starting = ["A", "B"].map((name, i) => startInstance({ name, port: PORT + 1 + i, databaseUrl, publicUrl, env: secrets }));
  let failed = false;
  starting.forEach((s) => s.catch(() => (failed = true)));
  await waitForLockWaiters(databaseUrl, 2, () => failed);
  await gate.query("ROLLBACK");
  const started = await Promise.allSettled(starting);
  instances = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  for (const s of started) if (s.status === "rejected") throw s.reason;
  proxy = await startProxy(PORT, instances);

  const expected = fs.readdirSync(path.join("prisma", "migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const { rows } = await gate.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
  await gate.end();
  expect(rows.map((r) => r.migration_name)).toEqual(expected);
  // Each instance reports what it did: together they applied everything exactly once.
  const applied = instances.map((i) => /applied ([^)]*)\)/.exec(i.output())?.[1].split(", ") ?? []).flat();
  expect(applied.sort()).toEqual(expected);
});

const scim = (token: string) => ({ Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" });
const servedBy = (res: { headers: () => Record<string, string> }) => res.headers()["x-served-by"];

test("an Okta-style import pages through the directory across both instances", async ({ request }) => {
  const team = await createTestTeam(request, { scimToken: true });
  const created = new Set<string>();
  for (let i = 0; i < 24; i++) {
    const email = `import-${i}@multi.test`;
    const res = await request.post("/api/scim/v2/Users", { headers: scim(team.scimToken!), data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: email, emails: [{ value: email, primary: true }] } });
    expect(res.status(), await res.text()).toBe(201);
    created.add(((await res.json()) as { id: string }).id);
  }
  const seen: string[] = [];
  const pagesServedBy: string[] = [];
  for (let startIndex = 1; ; startIndex += 5) {
    const res = await request.get(`/api/scim/v2/Users?startIndex=${startIndex}&count=5`, { headers: scim(team.scimToken!) });
    expect(res.status()).toBe(200);
    pagesServedBy.push(servedBy(res));
    const body = (await res.json()) as { totalResults: number; Resources: { id: string }[] };
    expect(body.totalResults).toBe(25);
    seen.push(...body.Resources.map((r) => r.id));
    if (body.Resources.length < 5) break;
  }
  expect(new Set(pagesServedBy)).toEqual(new Set(["A", "B"]));
  // Every member exactly once, in one order: the owner plus the 24 created.
  expect(seen).toHaveLength(25);
  expect(new Set(seen).size).toBe(25);
  for (const id of created) expect(seen).toContain(id);
});

test("the SCIM rate limit is counted across both instances", async ({ request }) => {
  // The limit is per fixed minute. A burst (a few seconds) that straddled two minutes was counted
  // in both; it is run again, with a fresh token, rather than waiting for a minute to start.
  const minute = () => Math.floor(Date.now() / 60_000);
  let statuses: { status: number; by: string }[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const team = await createTestTeam(request, { scimToken: true });
    const started = minute();
    statuses = [];
    for (let i = 0; i <= SCIM_LIMIT; i++) {
      const res = await request.get("/api/scim/v2/Users?count=0", { headers: scim(team.scimToken!) });
      statuses.push({ status: res.status(), by: servedBy(res) });
    }
    if (minute() === started) break;
  }
  // Each instance saw about half of the requests, well under the limit on its own.
  expect(statuses.filter((s) => s.by === "A").length).toBeLessThan(SCIM_LIMIT);
  expect(statuses.filter((s) => s.by === "B").length).toBeLessThan(SCIM_LIMIT);
  expect(statuses.slice(0, SCIM_LIMIT).map((s) => s.status)).toEqual(Array(SCIM_LIMIT).fill(200));
  expect(statuses[SCIM_LIMIT].status).toBe(429);
});

test("the sign-in throttle is counted across both instances", async ({ page, request }) => {
  const team = await createTestTeam(request);
  // Password attempts alternate between the instances, everything else goes round-robin: each
  // instance sees only half of the attempts, under the per-account limit (10) on its own.
  let attempts = 0;
  let next = 0;
  proxy.route = (req) => (req.method === "POST" && req.url?.startsWith("/api/auth/callback/credentials") ? attempts++ % 2 : next++ % 2);
  const from = proxy.log.length;
  try {
    for (let i = 0; i < 10; i++) {
      await signIn(page, team.owner.email, `wrong-${i}`);
      await expect(formError(page)).toHaveText("Wrong email or password.");
    }
    await signIn(page, team.owner.email, team.owner.password);
    await expect(formError(page)).toHaveText(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
  } finally {
    proxy.roundRobin();
  }
  const posts = proxy.log.slice(from).filter((r) => r.method === "POST" && r.path.startsWith("/api/auth/callback/credentials"));
  expect(posts).toHaveLength(11);
  expect(posts.filter((r) => r.instance === "A").length).toBe(6);
  expect(posts.filter((r) => r.instance === "B").length).toBe(5);
});

async function openOn(page: Page, instance: Instance, slug: string) {
  await page.goto(`${instance.origin}/teams/${slug}/members`);
}

test("a session made through one instance is valid on both, and a deactivation on one ends it on the other", async ({ page, request }) => {
  const member = `pat-${crypto.randomBytes(3).toString("hex")}@multi.test`;
  const team = await createTestTeam(request, { members: [{ email: member, role: "MEMBER" }], scimToken: true });
  await signIn(page, member, team.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  const [a, b] = instances;
  for (const instance of [a, b]) {
    await openOn(page, instance, team.slug);
    await expect(page).toHaveURL(`${instance.origin}/teams/${team.slug}/members`);
    await expect(memberRow(page, member)).toBeVisible();
  }

  const found = await request.get(`${a.origin}/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${member}"`)}`, { headers: scim(team.scimToken!) });
  const id = ((await found.json()) as { Resources: { id: string }[] }).Resources[0].id;
  const patched = await request.patch(`${a.origin}/api/scim/v2/Users/${id}`, {
    headers: scim(team.scimToken!),
    data: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] },
  });
  expect(patched.status()).toBe(200);

  await openOn(page, b, team.slug);
  await expect(page).toHaveURL(/\/login/);
});

/** The admin's SSO setup through the SSO page (as e2e/saml.spec.ts does), then signs out. */
async function connectTeam(page: Page, team: TestTeam, domain: string) {
  const idp = idps.idp(team.slug);
  await signIn(page, team.owner.email, team.password);
  await expect(page).toHaveURL(/\/teams\//);
  await page.goto(`/teams/${team.slug}/sso`);
  await page.getByLabel("IdP metadata XML").fill(idp.metadataXml());
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Connected to ${idp.entityId}` })).toBeVisible();
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.locator(`[data-testid="domain-row"][data-domain="${domain}"]`);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Mark as verified" }).click();
  await expect(row).toContainText("Verified");
  await page.context().clearCookies();
}

test("a SAML login that starts on one instance lands on the other", async ({ page, request }) => {
  const domain = `${crypto.randomBytes(4).toString("hex")}.multi.test`;
  const email = `sso-user@${domain}`;
  const team = await createTestTeam(request, { members: [{ email, role: "ADMIN", password: false }] });
  await connectTeam(page, team, domain);

  // Everything up to and including jackson's authorize step goes to A, everything after to B:
  // the relay state, the SAML request id and next-auth's state cookie must all be checked on B.
  let authorized = false;
  proxy.route = (req) => {
    if (req.url?.startsWith("/api/oauth/authorize")) {
      authorized = true;
      return 0;
    }
    return authorized ? 1 : 0;
  };
  const from = proxy.log.length;
  try {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Continue with SSO" }).click();
    await expect(page.getByRole("heading", { name: `Test IdP ${team.slug}` })).toBeVisible();
    await page.getByLabel("IdP account email").fill(email);
    await page.getByRole("button", { name: "Sign in at IdP" }).click();
    await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
    await expect(formError(page)).toHaveCount(0);
    await expect(page.getByRole("banner")).toContainText(email);
  } finally {
    proxy.roundRobin();
  }
  const flow = proxy.log.slice(from);
  expect(flow.find((r) => r.path.startsWith("/api/oauth/authorize"))?.instance).toBe("A");
  expect(flow.find((r) => r.path.startsWith("/api/oauth/saml"))?.instance).toBe("B");
  expect(flow.find((r) => r.path.startsWith("/api/auth/callback"))?.instance).toBe("B");
});
