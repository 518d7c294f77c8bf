// Changes of a team's SSO domains and connections racing each other (found by reviews): two
// admins' deletions each checked the widening against their own transaction's view, and a domain
// read as unverified was deleted after its owners verified it. Runs on the PostgreSQL server in the
// embedded run too (PGlite runs one statement at a time).
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { heldTransaction, untilBlocked } = await import("../testing/postgres-locks");
const { generateKeyPair } = await import("../../e2e/idp/keys");
const { TestIdp } = await import("../../e2e/idp/test-idp");
const { deleteTeamConnection, saveSamlConnection } = await import("./connections");
const { addTeamDomain, removeTeamDomain, setDomainConnection, verifyTeamDomain } = await import("./team-domains");
const { pausingAfter } = await import("../testing/pause-after");
const { startJacksonForTests, TEST_APP_URL } = await import("./testing/jackson-harness");
type Db = typeof t.db;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

let h: Awaited<ReturnType<typeof startJacksonForTests>>;
before(async () => {
  h = await startJacksonForTests(t.db, t.kind);
});
after(() => h?.close());

const keys = generateKeyPair("approval-race");
const deps = (db: Db) => ({ jackson: h.jackson, db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });
/** `tx` as a Db whose own transactions join it: a domain function run inside a held transaction. */
const inside = (tx: Tx): Db => new Proxy(tx, { get: (target, p) => (p === "$transaction" ? (fn: (tx: Tx) => unknown) => fn(tx) : Reflect.get(target, p)) }) as unknown as Db;

it("two admins deleting the two older connections at once withdraw the approval of the third, which now vouches for their domain", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const parent = `parent-${team.slug}.test`;
  const d = await addTeamDomain(t.db, team.id, parent, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  const owner = await createMember(t.db, team.id, { email: `owner@${parent}`, role: "OWNER" });
  const adm = await createMember(t.db, team.id, { email: `admin@${parent}`, role: "ADMIN" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true };
  const asAdmin = { type: "user" as const, userId: adm.userId, label: adm.email, mayManageOwners: false };
  const idp = (name: string) => new TestIdp(`https://${name}.idp.test/${team.slug}`, `https://${name}.idp.test/${team.slug}/sso`, keys).metadataXml();
  // Oldest first: W1 (the default, where parent.* routes) and W2, an admin's; then the
  // subsidiary's IdP, approved by an owner, vouching for nothing of parent.* yet.
  const w1 = await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: idp("w1") }, asAdmin, { label: "W1" });
  const w2 = await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: idp("w2") }, asAdmin, { label: "W2" });
  const sub = await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: idp("sub") }, asOwner, { label: "Subsidiary" });
  assert.equal(sub.ownerConfigured, true);

  const first = heldTransaction(t.db, (tx) => deleteTeamConnection(deps(inside(tx)), team.id, w1.id, asAdmin));
  await first.held;
  let secondDone = false;
  const second = deleteTeamConnection(deps(t.db), team.id, w2.id, asAdmin).finally(() => (secondDone = true));
  // The second waits for the first (the team's lock); without it, it finishes here unaware.
  await untilBlocked(admin, await first.pid, 1, () => secondDone);
  first.release();
  await first.committed;
  await second;

  assert.equal(await t.db.ssoConnection.count({ where: { teamId: team.id } }), 1);
  assert.equal((await t.db.ssoConnection.findUniqueOrThrow({ where: { id: sub.id } })).ownerConfigured, false);
});

/**
 * Runs `write` while `held` (heldTransaction, its work done) waits to commit; lets `held` commit
 * once `write` waits for it (or finished without waiting); returns what `write` gave or threw,
 * settled at once, since it may be refused before the test comes to look.
 */
async function behind(held: ReturnType<typeof heldTransaction>, write: () => Promise<unknown>): Promise<unknown> {
  await held.held;
  let done = false;
  const outcome = write().then(
    (v) => v,
    (e: unknown) => e,
  );
  void outcome.finally(() => (done = true));
  await untilBlocked(admin, await held.pid, 1, () => done);
  held.release();
  await held.committed;
  return outcome;
}

async function teamWithOwnerAndAdmin() {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@people-${team.slug}.test`, role: "OWNER" });
  const adm = await createMember(t.db, team.id, { email: `admin@people-${team.slug}.test`, role: "ADMIN" });
  return {
    team,
    asOwner: { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true },
    asAdmin: { type: "user" as const, userId: adm.userId, label: adm.email, mayManageOwners: false },
  };
}

it("an admin's Remove of a pending claim does not release it once an owner has verified it meanwhile", async () => {
  const { team, asOwner, asAdmin } = await teamWithOwnerAndAdmin();
  const claim = await addTeamDomain(t.db, team.id, `pending-${team.slug}.test`, asOwner);
  const verify = async () => void (await verifyTeamDomain(t.db, team.id, claim.id, { kind: "manual" }, asOwner));
  await assert.rejects(removeTeamDomain(pausingAfter(t.db, "teamDomain", "findFirst", verify), team.id, claim.id, asAdmin), /it was just verified/);
  assert.ok((await t.db.teamDomain.findUniqueOrThrow({ where: { id: claim.id } })).verifiedAt);
});

it("another team's Add does not take over a claim its team verified meanwhile", async () => {
  const victim = await teamWithOwnerAndAdmin();
  const other = await teamWithOwnerAndAdmin();
  const domain = `moved-${victim.team.slug}.test`;
  const claim = await addTeamDomain(t.db, victim.team.id, domain, victim.asOwner);
  const verifying = heldTransaction(t.db, (tx) => verifyTeamDomain(inside(tx), victim.team.id, claim.id, { kind: "manual" }, victim.asOwner));
  const taking = await behind(verifying, () => addTeamDomain(t.db, other.team.id, domain, other.asOwner));
  assert.match(String(taking), /already verified by another team/);
  const rows = await t.db.teamDomain.findMany({ where: { domain }, select: { teamId: true, verifiedAt: true } });
  assert.deepEqual(rows.map((r) => [r.teamId === victim.team.id, r.verifiedAt !== null]), [[true, true]]);
});

it("routing a domain to a connection being deleted meanwhile is refused with a message, not failed on the foreign key", async () => {
  const { team, asOwner } = await teamWithOwnerAndAdmin();
  const idp = (name: string) => new TestIdp(`https://${name}.idp.test/${team.slug}`, `https://${name}.idp.test/${team.slug}/sso`, keys).metadataXml();
  await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: idp("first") }, asOwner, { label: "First" });
  const second = await saveSamlConnection(deps(t.db), team, { kind: "xml", xml: idp("second") }, asOwner, { label: "Second" });
  const d = await addTeamDomain(t.db, team.id, `routed-${team.slug}.test`, asOwner);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, asOwner);
  const deleting = heldTransaction(t.db, (tx) => deleteTeamConnection(deps(inside(tx)), team.id, second.id, asOwner));
  const routing = await behind(deleting, () => setDomainConnection(t.db, team.id, d.id, second.id, asOwner));
  assert.match(String(routing), /That connection no longer exists/);
  assert.equal((await t.db.teamDomain.findUniqueOrThrow({ where: { id: d.id } })).connectionId, null);
});
