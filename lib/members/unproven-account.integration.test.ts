// A password set through a link a team's admin could see proves nothing about the mailbox: it must
// not reach a team that adds the same address later (pre-hijacking), until the address is proved.
// Each route a reviewer found, end to end at the lib level, without SMTP (the links are the ones an
// admin sees); mail-only links are in lib/invitations/mail-only-links.integration.test.ts. And a
// team adding an account changes nothing of it: clearing its password instead let any team, a
// stranger's own, lock anyone out (found by review).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { verifyCredentials } from "../auth/verify-credentials";
import { hashPassword } from "../auth/password";
import { startSession } from "../sessions/start-session";
import { readSession } from "../sessions/read-session";
import { enterTeam, loadSessionUser } from "../auth/session-user";
import { listMyTeams } from "../account/account";
import { acceptInvitation, lookupInvitation } from "../invitations/accept-invitation";
import { createInvitation } from "../invitations/manage-invitations";
import { deliverInvitation } from "../invitations/deliver-invitation";
import { createMemberResetLink } from "../password-reset/admin-reset";
import { requestPasswordReset } from "../password-reset/request-reset";
import { resetPassword } from "../password-reset/reset-password";
import { createTeam as createTeamWithOwner } from "../teams/create-team";
import { createTeamForOperator } from "../teams/create-team-for-operator";
import { completeSsoLogin } from "../saml/sso-login";
import { removeMember } from "./remove-member";
import { addMember } from "./add-member";
import { updateMember } from "./update-member";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const person = (userId: string, label: string) => ({ type: "user" as const, userId, label, mayManageOwners: true });
const resetSecret = (link: string) => link.split("/reset-password/")[1]!;
const session = (userId: string) => startSession(t.db, { userId, method: "password", maxAgeSeconds: 3600 });
const userOf = (email: string) => t.db.user.findUniqueOrThrow({ where: { emailNormalized: email } });

/** A team whose owner is eve, signed in with an account of her own. */
async function evesTeam() {
  const beta = await createTeam(t.db);
  const eve = await createMember(t.db, beta.id, { email: `eve-${beta.slug}@beta.test`, role: "OWNER" });
  return { beta, eve: person(eve.userId, eve.email) };
}

/** Route 1: eve invites the address, accepts her own link as a new person, signs in, removes the member. */
async function preHijackByInvitation(email: string) {
  const { beta, eve } = await evesTeam();
  const { secret } = await createInvitation(t.db, { teamId: beta.id, email, role: "MEMBER" }, eve);
  await acceptInvitation(t.db, secret, { newAccount: { name: "Not The CEO", password: "eve's password" } });
  const account = await userOf(email);
  assert.equal((await verifyCredentials(t.db, email, "eve's password")).ok, true, "eve is in, for now");
  const eveSession = await session(account.id);
  const member = await t.db.membership.findFirstOrThrow({ where: { teamId: beta.id, userId: account.id } });
  await removeMember(t.db, { teamId: beta.id, membershipId: member.id }, eve);
  return { account, eveSession };
}

/** Route 2: eve adds the address, makes a reset link for the new account, sets a password, removes the member. */
async function preHijackByAdminReset(email: string) {
  const { beta, eve } = await evesTeam();
  const member = await addMember(t.db, { teamId: beta.id, email, role: "MEMBER", source: "MANUAL" }, eve);
  const { link } = await createMemberResetLink(t.db, { teamId: beta.id, membershipId: member.id }, eve);
  await resetPassword(t.db, resetSecret(link), "eve's password");
  assert.equal((await verifyCredentials(t.db, email, "eve's password")).ok, true, "eve is in, for now");
  const eveSession = await session(member.userId);
  await removeMember(t.db, { teamId: beta.id, membershipId: member.id }, eve);
  return { account: await userOf(email), eveSession };
}

/** Neither eve's session nor a new sign-in with her password reaches `teamId`, the team that added the account. */
async function assertEveIsOut(email: string, userId: string, eveSession: string, teamId: string) {
  const reaches = async (sessionId: string) => (await loadSessionUser(t.db, { userId, sessionId }))?.memberships.some((m) => m.teamId === teamId) ?? false;
  assert.equal(await reaches(eveSession), false, "eve's session does not reach the team");
  const proof = await verifyCredentials(t.db, email, "eve's password");
  if (proof.ok) assert.equal(await reaches(await session(userId)), false, "nor a new sign-in with her password");
  else assert.match(proof.reason, /invalid|unproven/);
}

describe("a password set through a link an admin saw does not follow the account into another team", () => {
  for (const source of ["MANUAL", "SCIM", "SSO"] as const) {
    it(`invitation accepted as a new person, member removed, then another team adds the address (${source})`, async () => {
      const email = `ceo-inv-${source.toLowerCase()}@corp.test`;
      const { account, eveSession } = await preHijackByInvitation(email);
      const acme = await createTeam(t.db);
      const added = await addMember(t.db, { teamId: acme.id, email, role: "ADMIN", source }, testActor);
      assert.equal(added.userId, account.id, "the same account, as before");
      await assertEveIsOut(email, account.id, eveSession, acme.id);
      assert.equal((await verifyCredentials(t.db, email, "eve's password")).ok === false && "unproven", "unproven", "her password reaches no team: the sign-in says to confirm the address");

      // The real person gets in through "Forgot password?" (emailed): that proves the address.
      const mail = await requestPasswordReset(t.db, email);
      assert.ok(mail, "the account has an active membership now");
      await resetPassword(t.db, resetSecret(mail.text.match(/http\S+\/reset-password\/\S+/)![0]), "the ceo's password");
      assert.equal((await verifyCredentials(t.db, email, "the ceo's password")).ok, true);
      assert.ok((await userOf(email)).emailVerifiedAt, "proved by the emailed link");
    });
  }

  it("the same, when the other team invites the address and the person accepts as new", async () => {
    const email = "ceo-inv-inv@corp.test";
    const { account, eveSession } = await preHijackByInvitation(email);
    const acme = await createTeam(t.db);
    const acmeOwner = await createMember(t.db, acme.id, { role: "OWNER" });
    const { secret } = await createInvitation(t.db, { teamId: acme.id, email, role: "ADMIN" }, person(acmeOwner.userId, acmeOwner.email));
    // Nobody with a proved address holds the account: the person is asked to choose a password, not to sign in.
    assert.equal((await lookupInvitation(t.db, secret)).accountExists, false);
    await acceptInvitation(t.db, secret, { newAccount: { name: "The CEO", password: "the ceo's password" } });
    assert.equal((await t.db.membership.findFirstOrThrow({ where: { teamId: acme.id, emailNormalized: email } })).userId, account.id);
    await assertEveIsOut(email, account.id, eveSession, acme.id);
    assert.equal(await readSession(t.db, eveSession, account.id), null, "the password the person chose replaced eve's, and ended her session");
    assert.equal((await verifyCredentials(t.db, email, "the ceo's password")).ok, true);
  });

  for (const source of ["MANUAL", "SCIM"] as const) {
    it(`admin reset link on a new account, member removed, then another team adds the address (${source})`, async () => {
      const email = `ceo-reset-${source.toLowerCase()}@corp.test`;
      const { account, eveSession } = await preHijackByAdminReset(email);
      const acme = await createTeam(t.db);
      await addMember(t.db, { teamId: acme.id, email, role: "ADMIN", source }, testActor);
      await assertEveIsOut(email, account.id, eveSession, acme.id);
    });
  }

  it("the same when eve keeps the member: her password reaches her team, not the one that added the account later", async () => {
    const { beta, eve } = await evesTeam();
    const email = "ceo-kept@corp.test";
    const { secret } = await createInvitation(t.db, { teamId: beta.id, email, role: "MEMBER" }, eve);
    await acceptInvitation(t.db, secret, { newAccount: { name: "X", password: "eve's password" } });
    const account = await userOf(email);
    const eveSession = await session(account.id);
    const later = await createTeam(t.db);
    await addMember(t.db, { teamId: later.id, email, source: "SCIM" }, testActor);
    await assertEveIsOut(email, account.id, eveSession, later.id);
    assert.ok((await loadSessionUser(t.db, { userId: account.id, sessionId: eveSession }))?.memberships.some((m) => m.teamId === beta.id));
  });

  // Require SSO keeps a password for the requiring team's owners (their way back in when the IdP
  // breaks): an owner's membership the password does not reach is not eve's way past the rule.
  it("eve's password is refused by Require SSO, even when the team requiring it made the account an owner", async () => {
    const { beta, eve } = await evesTeam();
    const corp = await createTeam(t.db);
    const email = `ceo@${corp.slug}.corp.test`;
    const { secret } = await createInvitation(t.db, { teamId: beta.id, email, role: "MEMBER" }, eve);
    await acceptInvitation(t.db, secret, { newAccount: { name: "X", password: "eve's password" } });
    const account = await userOf(email);
    const eveSession = await session(account.id);
    await addMember(t.db, { teamId: corp.id, email, role: "OWNER", source: "SCIM" }, testActor);
    await t.db.teamDomain.create({ data: { teamId: corp.id, domain: `${corp.slug}.corp.test`, verifiedAt: new Date(), verificationToken: `tok-${corp.slug}` } });
    await t.db.team.update({ where: { id: corp.id }, data: { ssoRequired: true } });
    assert.deepEqual(await verifyCredentials(t.db, email, "eve's password"), { ok: false, reason: "sso_required" });
    assert.equal(await loadSessionUser(t.db, { userId: account.id, sessionId: eveSession }), null, "her open session ends too");
  });

  it("an account whose sign-in address an IdP moves is unproved at the new address: its password does not follow it into a team that adds it", async () => {
    const { beta } = await evesTeam();
    const own = `eve-own-${beta.slug}@eve.test`;
    const m = await createMember(t.db, beta.id, { email: own, source: "SCIM" });
    const mailedLink = async (email: string, now?: Date) => resetSecret((await requestPasswordReset(t.db, email, now))!.text.match(/http\S+\/reset-password\/\S+/)![0]);
    await resetPassword(t.db, await mailedLink(own), "eve's password");
    assert.ok((await userOf(own)).emailVerifiedAt, "proved for her own address");
    // She keeps another link, mailed to her own address (past the one-a-minute gap).
    const earlier = await mailedLink(own, new Date(Date.now() + 120_000));
    const victim = `ceo-moved-${beta.slug}@corp.test`;
    await updateMember(t.db, { teamId: beta.id, membershipId: m.id }, { email: victim }, { type: "scim", tokenId: "t", label: "SCIM", mayManageOwners: false });
    const moved = await userOf(victim);
    assert.equal(moved.emailVerifiedAt, null, "nobody proved the new address");
    // A link mailed to her own address before the move does not prove the new one.
    await assert.rejects(resetPassword(t.db, earlier, "eve's password"));
    const eveSession = await session(moved.id);
    const acme = await createTeam(t.db);
    await addMember(t.db, { teamId: acme.id, email: victim, role: "OWNER", source: "SCIM" }, testActor);
    await assertEveIsOut(victim, moved.id, eveSession, acme.id);
  });

  it("a session an admin's IdP opened does not vouch with the person's standing in other teams for a reset link", async () => {
    const t1 = await createTeam(t.db);
    const t2 = await createTeam(t.db);
    const m = await createMember(t.db, t1.id, { email: `m-${t1.slug}@corp.test`, role: "ADMIN" });
    await createMember(t.db, t2.id, { email: m.email, role: "OWNER" });
    const teamOnly = { type: "user" as const, userId: m.userId, label: m.email, mayManageOwners: false, teamOnly: true };
    // As M, through T1's admin-set-up IdP: a link for M's own account (which owns T2) is refused.
    await assert.rejects(createMemberResetLink(t.db, { teamId: t1.id, membershipId: m.id }, teamOnly), /other teams/);
    // With M's own sign-in (password), M's standing in T2 vouches as before.
    await createMemberResetLink(t.db, { teamId: t1.id, membershipId: m.id }, { ...teamOnly, teamOnly: false });
  });

  it("a reset link an admin saw stops working once another team adds the account, proved or not", async () => {
    const { beta, eve } = await evesTeam();
    const victim = `ceo-pending-${beta.slug}@corp.test`;
    const member = await addMember(t.db, { teamId: beta.id, email: victim, role: "MEMBER", source: "MANUAL" }, eve);
    const { link } = await createMemberResetLink(t.db, { teamId: beta.id, membershipId: member.id }, eve);
    const acme = await createTeam(t.db);
    await addMember(t.db, { teamId: acme.id, email: victim, role: "OWNER", source: "SCIM" }, testActor);
    await assert.rejects(resetPassword(t.db, resetSecret(link!), "eve's password"));
    assert.equal((await verifyCredentials(t.db, victim, "eve's password")).ok, false);
  });

  it("a verified account keeps its password and sessions when another team adds it", async () => {
    const team = await createTeam(t.db);
    const email = "proved@corp.test";
    await createMember(t.db, team.id, { email });
    const mail = await requestPasswordReset(t.db, email);
    await resetPassword(t.db, resetSecret(mail!.text.match(/http\S+\/reset-password\/\S+/)![0]), "my own password");
    const account = await userOf(email);
    assert.ok(account.emailVerifiedAt);
    const s = await session(account.id);
    await addMember(t.db, { teamId: (await createTeam(t.db)).id, email, source: "MANUAL" }, testActor);
    assert.equal((await verifyCredentials(t.db, email, "my own password")).ok, true);
    assert.ok(await readSession(t.db, s, account.id), "the session goes on");
  });

  it("a password set through an admin's link makes a proved account unproved again", async () => {
    const team = await createTeam(t.db);
    const admin = await createMember(t.db, team.id, { role: "ADMIN" });
    const email = "proved-then-reset@corp.test";
    const member = await createMember(t.db, team.id, { email });
    const mail = await requestPasswordReset(t.db, email);
    await resetPassword(t.db, resetSecret(mail!.text.match(/http\S+\/reset-password\/\S+/)![0]), "my own password");
    assert.ok((await userOf(email)).emailVerifiedAt);
    const { link } = await createMemberResetLink(t.db, { teamId: team.id, membershipId: member.id }, person(admin.userId, admin.email));
    await resetPassword(t.db, resetSecret(link), "set by the admin's link");
    assert.equal((await userOf(email)).emailVerifiedAt, null);
    const later = await createTeam(t.db);
    await addMember(t.db, { teamId: later.id, email, source: "MANUAL" }, testActor);
    const proof = await verifyCredentials(t.db, email, "set by the admin's link");
    assert.ok(proof.ok, "it still reaches the team whose admin made the link");
    const reached = await loadSessionUser(t.db, { userId: proof.user.id, sessionId: await session(proof.user.id) });
    assert.deepEqual(reached?.memberships.map((m) => m.teamId), [team.id], "not the team that added the account later");
  });

  it("the holder joining by themselves keeps their password: accepting signed in, creating a team", async () => {
    const home = await createTeam(t.db);
    const homeOwner = await createMember(t.db, home.id, { role: "OWNER" });
    const email = "handed-a-link@corp.test";
    const { secret } = await createInvitation(t.db, { teamId: home.id, email, role: "MEMBER" }, person(homeOwner.userId, homeOwner.email));
    await acceptInvitation(t.db, secret, { newAccount: { name: "H", password: "my own password" } });
    const account = await userOf(email);
    assert.equal(account.emailVerifiedAt, null, "a link the inviter saw proves nothing");
    const s = await session(account.id);

    const other = await createTeam(t.db);
    const otherOwner = await createMember(t.db, other.id, { role: "OWNER" });
    const inv = await createInvitation(t.db, { teamId: other.id, email, role: "MEMBER" }, person(otherOwner.userId, otherOwner.email));
    assert.equal((await lookupInvitation(t.db, inv.secret)).accountExists, true, "a member elsewhere signs in first");
    await acceptInvitation(t.db, inv.secret, { userId: account.id, viaPassword: true });
    await createTeamWithOwner(t.db, { name: "Mine", slug: `mine-${other.slug}`, owner: { userId: account.id, viaPassword: true } }, person(account.id, email));
    assert.equal((await verifyCredentials(t.db, email, "my own password")).ok, true);
    assert.ok(await readSession(t.db, s, account.id));
    assert.equal(await t.db.membership.count({ where: { userId: account.id } }), 3);
  });

  it("the operator's team for an unproved account: its password is cleared and the owner gets a setup link", async () => {
    const email = "ops-owner@corp.test";
    const { account, eveSession } = await preHijackByInvitation(email);
    const made = await createTeamForOperator(t.db, { slug: `ops-${account.id.slice(0, 8)}`, name: "Ops", ownerEmail: email }, { type: "system", label: "operator" });
    assert.equal(made.linkKind, "setup");
    // The operator's own call: that password goes, with its sessions.
    assert.equal((await verifyCredentials(t.db, email, "eve's password")).ok, false);
    assert.equal(await readSession(t.db, eveSession, account.id), null);
    await resetPassword(t.db, resetSecret(made.link), "the owner's password");
    assert.equal((await userOf(email)).emailVerifiedAt, null, "the operator saw that link");
  });

  it("an SSO sign-in that provisions the address signs the person in, and what eve set does not reach the team", async () => {
    const email = `ceo@sso-${Date.now()}.test`;
    const { account, eveSession } = await preHijackByInvitation(email);
    const acme = await createTeam(t.db);
    await t.db.teamDomain.create({ data: { teamId: acme.id, domain: email.split("@")[1]!, verificationToken: "x", verifiedAt: new Date() } });
    await t.db.team.update({ where: { id: acme.id }, data: { jitProvisioning: true } });
    const r = await completeSsoLogin(t.db, { teamId: acme.id, profile: { email, firstName: "C", lastName: "EO" }, flow: "sp-initiated", vouchedBy: { kind: "saml", clientId: "its-one-connection" } });
    assert.equal(r.ok && r.outcome, "provisioned");
    await assertEveIsOut(email, account.id, eveSession, acme.id);
    assert.equal((await userOf(email)).emailVerifiedAt, null, "the IdP vouched for the person signing in, not for whoever knows eve's password");
  });

  it("without SMTP the invitation's link is handed back to copy, and accepting it proves nothing", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER" });
    const made = await createInvitation(t.db, { teamId: team.id, email: "no-smtp@corp.test", role: "MEMBER" }, person(owner.userId, owner.email));
    const d = await deliverInvitation(t.db, { ...made, teamName: team.name, inviter: owner.email });
    assert.equal(d.emailed, false);
    assert.ok(!d.emailed && d.link.endsWith(`/invite/${made.secret}`));
    await acceptInvitation(t.db, made.secret, { newAccount: { name: "N", password: "long enough" } });
    assert.equal((await userOf("no-smtp@corp.test")).emailVerifiedAt, null);
  });
});

// Found by review: with clearing, anyone signed in could create a team of their own, add another
// team's owner's address, and so clear that owner's password and end their sessions; without SMTP
// nobody could let them back in. Now the account is left alone.
describe("a team adding an existing account changes nothing of it", () => {
  for (const source of ["MANUAL", "SCIM"] as const) {
    it(`a stranger's team adding another team's owner (${source}): their password and sessions go on; the stranger's team is closed to that password`, async () => {
      const victimTeam = await createTeam(t.db);
      const boss = await createMember(t.db, victimTeam.id, { email: `boss-${source.toLowerCase()}-${victimTeam.slug}@victim.test`, role: "OWNER" });
      await resetPassword(t.db, resetSecret((await createMemberResetLink(t.db, { teamId: victimTeam.id, membershipId: boss.id }, { type: "system", label: "operator" })).link), "the boss's password");
      const bossSession = await session(boss.userId);
      const stranger = await createTeam(t.db);
      await addMember(t.db, { teamId: stranger.id, email: boss.email, source }, testActor);
      assert.equal((await verifyCredentials(t.db, boss.email, "the boss's password")).ok, true, "the boss still signs in");
      const reached = await loadSessionUser(t.db, { userId: boss.userId, sessionId: bossSession });
      assert.deepEqual(reached?.memberships.map((m) => m.teamId), [victimTeam.id], "their session goes on, in their own team only");
    });
  }
});

// Found by review of the above: an SSO session is not the holder of the account's password (eve's
// may be on it), so what it does must not open a team to that password.
describe("an SSO session does not vouch for the account's password", () => {
  /** acme (its owners' SAML connection, JIT) signs the real person in: an SSO session over the whole account. */
  async function signedInWithSso(email: string) {
    const acme = await createTeam(t.db);
    const conn = await t.db.ssoConnection.create({ data: { teamId: acme.id, kind: "saml", clientId: `c-${acme.slug}`, label: "Okta", ownerConfigured: true } });
    await t.db.teamDomain.create({ data: { teamId: acme.id, domain: email.split("@")[1]!, verificationToken: "x", verifiedAt: new Date(), connectionId: conn.id } });
    await t.db.team.update({ where: { id: acme.id }, data: { jitProvisioning: true } });
    const r = await completeSsoLogin(t.db, { teamId: acme.id, profile: { email, firstName: "C", lastName: "EO" }, flow: "sp-initiated", vouchedBy: { kind: "saml", clientId: conn.clientId } });
    assert.ok(r.ok && !r.teamOnly, JSON.stringify(r));
    return { acme, userId: r.user.id };
  }
  const evesTeams = async (email: string) => {
    const proof = await verifyCredentials(t.db, email, "eve's password");
    if (!proof.ok) return [];
    return (await loadSessionUser(t.db, { userId: proof.user.id, sessionId: await session(proof.user.id) }))?.memberships.map((m) => m.teamId) ?? [];
  };

  it("creating a team, or accepting an invitation, through SSO leaves them closed to eve's password", async () => {
    const email = `ceo@sso-joins-${Date.now()}.test`;
    await preHijackByInvitation(email);
    const { acme, userId } = await signedInWithSso(email);
    const { team: own } = await createTeamWithOwner(t.db, { name: "Own", slug: `own-${acme.slug}`, owner: { userId, viaPassword: false } }, person(userId, email));
    const partner = await createTeam(t.db);
    const partnerOwner = await createMember(t.db, partner.id, { role: "OWNER" });
    const { secret } = await createInvitation(t.db, { teamId: partner.id, email, role: "ADMIN" }, person(partnerOwner.userId, partnerOwner.email));
    await acceptInvitation(t.db, secret, { userId, viaPassword: false });
    const reached = await evesTeams(email);
    for (const team of [acme, own, partner]) assert.equal(reached.includes(team.id), false, `eve's password reaches ${team.slug}`);
  });

  it("a mailed invitation accepted through SSO proves the address only for an account without a password", async () => {
    const email = `ceo@sso-mailed-${Date.now()}.test`;
    await preHijackByInvitation(email);
    const { acme, userId } = await signedInWithSso(email);
    const partner = await createTeam(t.db);
    const partnerOwner = await createMember(t.db, partner.id, { role: "OWNER" });
    const made = await createInvitation(t.db, { teamId: partner.id, email, role: "MEMBER" }, person(partnerOwner.userId, partnerOwner.email));
    await t.db.invitation.updateMany({ where: { teamId: partner.id }, data: { mailOnly: true } });
    await acceptInvitation(t.db, made.secret, { userId, viaPassword: false });
    assert.equal((await userOf(email)).emailVerifiedAt, null, "the mailbox is the person's; eve's password is still on the account");
    assert.equal((await evesTeams(email)).includes(acme.id), false);
  });

  it("a password session's account page lists only the teams its password reaches", async () => {
    const email = `ceo@listed-${Date.now()}.test`;
    const { beta, eve } = await evesTeam();
    const { secret } = await createInvitation(t.db, { teamId: beta.id, email, role: "MEMBER" }, eve);
    await acceptInvitation(t.db, secret, { newAccount: { name: "X", password: "eve's password" } });
    const acme = await createTeam(t.db);
    await addMember(t.db, { teamId: acme.id, email, role: "OWNER", source: "MANUAL" }, testActor);
    const account = await userOf(email);
    const user = (await loadSessionUser(t.db, { userId: account.id, sessionId: await session(account.id) }))!;
    assert.deepEqual((await listMyTeams(t.db, user)).map((m) => m.team.id), [beta.id]);
    // Entering the team that added the address answers as for any team the account is not in: a
    // different answer ("sign in again") told whoever holds the password which teams added it.
    const elsewhere = await createTeam(t.db);
    assert.deepEqual(await enterTeam(t.db, user, acme.slug), await enterTeam(t.db, user, elsewhere.slug));
    assert.deepEqual(await enterTeam(t.db, user, acme.slug), { ok: false, reason: "not_found" });
  });

  it("a stranger's team adding the address leaves the person's own team's reset link working, and new ones possible", async () => {
    const home = await createTeam(t.db);
    const owner = await createMember(t.db, home.id, { role: "OWNER" });
    const bob = await createMember(t.db, home.id, { email: `bob-${home.slug}@home.test` });
    const admin = person(owner.userId, owner.email);
    await resetPassword(t.db, resetSecret((await createMemberResetLink(t.db, { teamId: home.id, membershipId: bob.id }, admin)).link), "bob's first password");
    const made = await createMemberResetLink(t.db, { teamId: home.id, membershipId: bob.id }, admin);
    await addMember(t.db, { teamId: (await createTeam(t.db)).id, email: bob.email, source: "MANUAL" }, testActor);
    await resetPassword(t.db, resetSecret(made.link), "bob's new password");
    await createMemberResetLink(t.db, { teamId: home.id, membershipId: bob.id }, admin);
  });
});

// Found by review: once the address is proved the password reaches a closed team too, so that team
// counts when another team's admin wants a reset link: a stranger adding the proved address to a
// team of her own made one, and using it took the password (and every session) from the person
// and closed their own team to it again.
it("a proved account's closed team counts as a team its password reaches: a stranger's admin may not make it a reset link", async () => {
  const email = `victim-${Date.now()}@corp.test`;
  const z = await createTeam(t.db);
  await createMember(t.db, z.id, { email, passwordHash: await hashPassword("first password") });
  const own = await createTeam(t.db);
  const inOwn = await addMember(t.db, { teamId: own.id, email, role: "ADMIN", source: "MANUAL" }, testActor);
  assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: inOwn.id } })).passwordMayEnter, false);
  const mail = await requestPasswordReset(t.db, email);
  await resetPassword(t.db, resetSecret(mail!.text.match(/http\S+\/reset-password\/\S+/)![0]), "her own password");
  await removeMember(t.db, { teamId: z.id, membershipId: (await t.db.membership.findFirstOrThrow({ where: { teamId: z.id, emailNormalized: email } })).id }, testActor);
  const stranger = await createTeam(t.db);
  const eve = await createMember(t.db, stranger.id, { role: "OWNER" });
  const inStranger = await addMember(t.db, { teamId: stranger.id, email, source: "MANUAL" }, testActor);
  await assert.rejects(createMemberResetLink(t.db, { teamId: stranger.id, membershipId: inStranger.id }, person(eve.userId, eve.email)), /also belongs to other teams/);
});
