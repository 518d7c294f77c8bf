// A SAML login racing the member's deactivation or removal. The login decides from the membership
// it read (jit.ts); the deactivation may commit right after that read. Forced here by pausing the
// login just after it read the membership and running the deactivation to its commit meanwhile:
// the login must then be refused, not answered as signed in. Deterministic on PGlite and
// PostgreSQL alike (nothing waits on a lock: the pause is in the login's own code path).
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { completeSsoLogin } from "./sso-login";
import { deactivateMember } from "../members/lifecycle";
import { removeMember } from "../members/remove-member";
import type { Db } from "../members/types";
import { pausingAfter } from "../testing/pause-after";
import { updateMember } from "../members/update-member";
import { addMember } from "../members/add-member";
import { createGroup } from "../groups/create-group";
import { setGroupRole } from "../groups/set-group-role";
import { saveConnectionMapping } from "./connection-settings";

/** `db`, but the login stops once it has read the membership, until `then` has run. */
const pausingMembershipFindUnique = (db: Db, then: () => Promise<void>) => pausingAfter(db, "membership", "findUnique", then);

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());


async function ssoTeamWithMember(name: string) {
  const team = await createTeam(t.db);
  const domain = `${team.slug}.example.test`;
  const email = `${name}@${domain}`;
  await t.db.teamDomain.create({ data: { teamId: team.id, domain, verificationToken: "x", verifiedAt: new Date() } });
  const clientId = `client-${team.slug}`;
  await t.db.ssoConnection.create({ data: { teamId: team.id, kind: "saml", clientId, label: "IdP", ownerConfigured: true } });
  await createMember(t.db, team.id, { role: "OWNER" });
  const member = await createMember(t.db, team.id, { email, role: "MEMBER" });
  const login = (db: Db) =>
    completeSsoLogin(db, { teamId: team.id, profile: { email, raw: { email }, requested: { tenant: team.id } }, flow: "sp-initiated", vouchedBy: { kind: "saml", clientId } });
  return { team, member, login };
}

it("a login that read the membership just before it was deactivated is refused", async () => {
  const { team, member, login } = await ssoTeamWithMember("leaving");
  assert.equal((await login(t.db)).ok, true, "signs in while active");
  const result = await login(pausingMembershipFindUnique(t.db, async () => void (await deactivateMember(t.db, { teamId: team.id, membershipId: member.id }, testActor))));
  assert.deepEqual(result, { ok: false, reason: "deactivated" });
  const refused = await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.login_refused", targetId: member.id } });
  assert.equal(refused, 1, "the refusal is audited");
});

it("a login that read the membership just before it was removed is refused", async () => {
  const { team, member, login } = await ssoTeamWithMember("removed");
  assert.equal((await login(t.db)).ok, true, "signs in while a member");
  const result = await login(pausingMembershipFindUnique(t.db, () => removeMember(t.db, { teamId: team.id, membershipId: member.id }, testActor)));
  assert.equal(result.ok, false);
  assert.equal(await t.db.membership.count({ where: { teamId: team.id, userId: member.userId } }), 0, "not provisioned back either");
});

// Found by review: the login read the person by the address the IdP vouched for; the team's SCIM
// then moved the account's address (a one-team account moves with its member); the login went on
// to mark the account's address proved, which was by then the new one, and a session of it later
// followed the account into another team that added that address.
it("a login whose account's address moved meanwhile leaves the new address unproved", async () => {
  const { team, member, login } = await ssoTeamWithMember("mover");
  const unproved = () => t.db.user.update({ where: { id: member.userId }, data: { emailVerifiedAt: null } });
  await unproved();
  assert.equal((await login(t.db)).ok, true);
  assert.ok((await t.db.user.findUniqueOrThrow({ where: { id: member.userId } })).emailVerifiedAt, "the vouched address is proved");
  await unproved();
  const elsewhere = `victim@other-${team.slug}.test`;
  // What the move writes to the account (update-member.ts signInEmailMove): the new address, unproved.
  const move = async () => void (await t.db.user.update({ where: { id: member.userId }, data: { email: elsewhere, emailNormalized: elsewhere, emailVerifiedAt: null } }));
  await login(pausingMembershipFindUnique(t.db, move));
  const account = await t.db.user.findUniqueOrThrow({ where: { id: member.userId } });
  assert.equal(account.emailNormalized, elsewhere);
  assert.equal(account.emailVerifiedAt, null);
});

// Found by a concurrency review: "role and groups on every login" decided from the member and the
// team's groups as it read them; a promotion to Owner, or a group mapped to Owner, committing in
// between was overwritten (the owner demoted to the assertion's role; a member made an owner by
// joining the group). An assertion never grants or takes away Owner: the domain layer now refuses
// such a write under the team's lock, and the login still succeeds.
async function syncingTeamWithAdmin(name: string) {
  const { team, member, login } = await ssoTeamWithMember(name);
  await t.db.membership.update({ where: { id: member.id }, data: { role: "ADMIN" } });
  await saveConnectionMapping(t.db, { teamId: team.id, clientId: `client-${team.slug}`, mapping: {}, syncRoleAndGroups: true }, testActor);
  const email = (await t.db.membership.findUniqueOrThrow({ where: { id: member.id } })).emailNormalized!;
  const loginSaying = (db: Db, raw: Record<string, unknown>) =>
    completeSsoLogin(db, { teamId: team.id, profile: { email, raw: { email, ...raw }, requested: { tenant: team.id } }, flow: "sp-initiated", vouchedBy: { kind: "saml", clientId: `client-${team.slug}` } });
  return { team, member, login, loginSaying };
}

it("a login's role sync does not overwrite a promotion to Owner that committed while it ran", async () => {
  const { team, member, loginSaying } = await syncingTeamWithAdmin("promoted");
  const promote = async () => void (await updateMember(t.db, { teamId: team.id, membershipId: member.id }, { role: "OWNER" }, testActor));
  const result = await loginSaying(pausingAfter(t.db, "membership", "findFirstOrThrow", promote), { role: "member" });
  assert.equal(result.ok, true);
  assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: member.id } })).role, "OWNER");
});

it("a login's group sync does not join a group mapped to Owner while it ran", async () => {
  const { team, member, loginSaying } = await syncingTeamWithAdmin("joining");
  const leads = await createGroup(t.db, { teamId: team.id, displayName: "Leads", memberIds: [] }, testActor);
  const mapToOwner = () => setGroupRole(t.db, { teamId: team.id, groupId: leads.id, role: "OWNER" }, testActor);
  // The refused join is skipped, not the end of the sync: the assertion's other group still applies.
  const result = await loginSaying(pausingAfter(t.db, "group", "findMany", mapToOwner), { groups: ["Leads", "Support"] });
  assert.equal(result.ok, true);
  const now = await t.db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { groups: { include: { group: true } } } });
  assert.equal(now.role, "ADMIN");
  assert.deepEqual(now.groups.map((g) => g.group.displayName), ["Support"]);
});

it("a login's refused role change does not stop its group sync", async () => {
  const { team, member, loginSaying } = await syncingTeamWithAdmin("both");
  const promote = async () => void (await updateMember(t.db, { teamId: team.id, membershipId: member.id }, { role: "OWNER" }, testActor));
  const result = await loginSaying(pausingAfter(t.db, "membership", "findFirstOrThrow", promote), { role: "member", groups: ["Support"] });
  assert.equal(result.ok, true);
  const now = await t.db.membership.findUniqueOrThrow({ where: { id: member.id }, include: { groups: { include: { group: true } } } });
  assert.equal(now.role, "OWNER");
  assert.deepEqual(now.groups.map((g) => g.group.displayName), ["Support"]);
});

// Found by a concurrency review: a first login (JIT) found no account for its address; Entra's
// SCIM then created the member under another userName (the UPN); the login's add found the
// address already a member's and made a second, directory-only member, and signed the login into
// that placeholder. The login now signs in the member SCIM created.
it("a first login racing the IdP's SCIM create of the same person signs in that member, and makes no second", async () => {
  const { team } = await ssoTeamWithMember("someone");
  await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
  const email = `ana@${team.slug}.example.test`;
  const scimCreates = async () => void (await addMember(t.db, { teamId: team.id, email, userName: `ana@${team.slug}.onmicrosoft.test`, source: "SCIM" }, testActor));
  const result = await completeSsoLogin(pausingAfter(t.db, "user", "findUnique", scimCreates), {
    teamId: team.id,
    profile: { email, raw: { email }, requested: { tenant: team.id } },
    flow: "sp-initiated",
    vouchedBy: { kind: "saml", clientId: `client-${team.slug}` },
  });
  assert.equal(result.ok, true, JSON.stringify(result));
  const members = await t.db.membership.findMany({ where: { teamId: team.id, emailNormalized: email }, include: { user: true } });
  assert.equal(members.length, 1);
  assert.equal(result.ok && result.user.id, members[0]!.userId);
  assert.equal(members[0]!.user.emailNormalized, email);
});

// Found by review: the login read the owners' approval with the team, then the connection's
// attribute mapping; an admin's change of the mapping (which withdraws the approval in the same
// transaction) committing between the two reads gave the admin's mapping the owners' approval,
// and the admin's own assertion signed in as the owner its remapped "email" named.
it("a login that reads an admin's new mapping reads the withdrawal of the owners' approval with it", async () => {
  const { team } = await ssoTeamWithMember("someone");
  const domain = `${team.slug}.example.test`;
  const owner = await createMember(t.db, team.id, { email: `boss@${domain}`, role: "OWNER" });
  const admin = await createMember(t.db, team.id, { email: `admin@${domain}`, role: "ADMIN" });
  const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false };
  const remap = async () => void (await saveConnectionMapping(t.db, { teamId: team.id, clientId: `client-${team.slug}`, mapping: { email: "Manager's email" }, syncRoleAndGroups: false }, asAdmin));
  const result = await completeSsoLogin(pausingAfter(t.db, "team", "findUnique", remap), {
    teamId: team.id,
    profile: { email: admin.email, raw: { email: admin.email, "Manager's email": owner.email }, requested: { tenant: team.id } },
    flow: "sp-initiated",
    vouchedBy: { kind: "saml", clientId: `client-${team.slug}` },
  });
  assert.deepEqual(result, { ok: false, reason: "owner_connection" });
});
