import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { pausingAfter } from "../testing/pause-after";
import { verifyCredentials } from "../auth/verify-credentials";
import { startSession } from "../sessions/start-session";
import { readSession } from "../sessions/read-session";
import { hashPassword } from "../auth/password";
import { OwnerAuthorityError } from "../members/errors";
import { changeRole, deactivateMember } from "../members/lifecycle";
import { transferOwnership } from "../members/transfer-ownership";
import { setGroupRole } from "../groups/set-group-role";
import { createGroup } from "../groups/create-group";
import { PATCH_SCHEMA, ROLE_EXT, scimClient } from "../testing/scim-harness";
import { createScimToken } from "../scim-tokens/create-token";
import { createMemberResetLink } from "./admin-reset";
import { addMember } from "../members/add-member";
import { createTeamForOperator } from "../teams/create-team-for-operator";
import { removeMember } from "../members/remove-member";
import { updateMember } from "../members/update-member";
import { requestPasswordReset } from "./request-reset";
import { lookupPasswordToken, resetPassword } from "./reset-password";
import { PasswordTokenUnusableError, ResetRefusedError } from "./errors";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const HOUR = 3_600_000;
const secretOf = (link: string) => link.split("/reset-password/")[1]!;
const person = (userId: string, label: string, owner = false) => ({ type: "user" as const, userId, label, mayManageOwners: owner });

async function memberWithPassword(teamId: string, email: string, role: "OWNER" | "ADMIN" | "MEMBER" = "MEMBER") {
  return createMember(t.db, teamId, { email, role, passwordHash: await hashPassword("old password") });
}

describe("forgot password", () => {
  it("mails a single-use link that sets the password and ends every session", async () => {
    const team = await createTeam(t.db);
    const m = await memberWithPassword(team.id, "forgot@example.test");
    const s1 = await startSession(t.db, { userId: m.userId, method: "password", maxAgeSeconds: 3600 });
    const mail = await requestPasswordReset(t.db, " Forgot@Example.test ");
    assert.ok(mail, "a mail for a known address");
    assert.equal(mail.to, "forgot@example.test");
    const link = mail.text.match(/http\S+\/reset-password\/\S+/)![0];
    assert.ok(mail.html.includes(link));
    const stored = await t.db.passwordToken.findFirstOrThrow({ where: { userId: m.userId } });
    assert.notEqual(stored.tokenHash, secretOf(link), "only the hash is stored");
    assert.ok(stored.expiresAt.getTime() - Date.now() <= HOUR);

    assert.deepEqual(await lookupPasswordToken(t.db, secretOf(link)), { state: "valid", email: "forgot@example.test", purpose: "reset" });
    await resetPassword(t.db, secretOf(link), "brand new password");
    assert.equal((await verifyCredentials(t.db, "forgot@example.test", "brand new password")).ok, true);
    assert.equal((await verifyCredentials(t.db, "forgot@example.test", "old password")).ok, false);
    assert.equal(await readSession(t.db, s1, m.userId), null, "sessions ended");
    assert.equal(await t.db.instanceAuditEvent.count({ where: { targetId: m.userId, action: "account.password_reset" } }), 1);

    await assert.rejects(resetPassword(t.db, secretOf(link), "another password"), (e) => e instanceof PasswordTokenUnusableError && e.state === "used");
    assert.equal((await lookupPasswordToken(t.db, secretOf(link))).state, "used");
  });

  it("sends nothing for unknown addresses, people without a team, or SSO-only domains, and at most one a minute", async () => {
    assert.equal(await requestPasswordReset(t.db, "nobody@example.test"), null);
    assert.equal(await requestPasswordReset(t.db, "not an email"), null);
    const team = await t.db.team.create({ data: { slug: "sso-only", name: "SSO only", ssoRequired: true } });
    await t.db.teamDomain.create({ data: { teamId: team.id, domain: "sso-only.test", verificationToken: "x", verifiedAt: new Date() } });
    await memberWithPassword(team.id, "someone@sso-only.test");
    assert.equal(await requestPasswordReset(t.db, "someone@sso-only.test"), null);
    await memberWithPassword(team.id, "boss@sso-only.test", "OWNER");
    assert.ok(await requestPasswordReset(t.db, "boss@sso-only.test"), "owners keep their way back in");
    assert.equal(await requestPasswordReset(t.db, "boss@sso-only.test"), null, "not twice within a minute");
  });

  // A reset's request starts, hashes the password (scrypt) and waits for the person's row; a
  // withdrawal committing meanwhile sets the link's expiry to its own time, which the request's
  // start time still saw as to come (found by review). `now` a minute back stands for that wait.
  it("refuses a link withdrawn while the reset was under way", async () => {
    const email = `withdrawn-${Date.now()}@corp-late.test`;
    const made = await createTeamForOperator(t.db, { slug: `op-${Date.now().toString(36)}`, name: "Op team", ownerEmail: email }, testActor);
    const requestBegan = new Date(Date.now() - 60_000);
    const corp = await createTeam(t.db);
    await addMember(t.db, { teamId: corp.id, email, role: "MEMBER", source: "SCIM" }, testActor); // withdraws the shown setup link
    await assert.rejects(resetPassword(t.db, made.link.split("/").at(-1)!, "set through a withdrawn link", requestBegan), PasswordTokenUnusableError);
    assert.equal((await verifyCredentials(t.db, email, "set through a withdrawn link")).ok, false);
  });

  it("refuses an expired link and a link that is not one", async () => {
    const team = await createTeam(t.db);
    await memberWithPassword(team.id, "late@example.test");
    const mail = await requestPasswordReset(t.db, "late@example.test", new Date(Date.now() - 2 * HOUR));
    const secret = secretOf(mail!.text.match(/http\S+\/reset-password\/\S+/)![0]);
    assert.equal((await lookupPasswordToken(t.db, secret)).state, "expired");
    await assert.rejects(resetPassword(t.db, secret, "long enough pw"), (e) => e instanceof PasswordTokenUnusableError && e.state === "expired");
    await assert.rejects(resetPassword(t.db, "short", "long enough pw"), (e) => e instanceof PasswordTokenUnusableError && e.state === "not_found");
    assert.equal((await lookupPasswordToken(t.db, "x".repeat(43))).state, "not_found");
    assert.equal((await verifyCredentials(t.db, "late@example.test", "old password")).ok, true);
  });
});

describe("admin reset links", () => {
  it("lets an admin make a link for a member, audited, and the member sets a password with it", async () => {
    const team = await createTeam(t.db);
    const admin = await memberWithPassword(team.id, "admin@reset.test", "ADMIN");
    const m = await memberWithPassword(team.id, "member@reset.test");
    const { link, email } = await createMemberResetLink(t.db, { teamId: team.id, membershipId: m.id }, person(admin.userId, admin.email));
    assert.equal(email, "member@reset.test");
    await resetPassword(t.db, secretOf(link), "set by link");
    assert.equal((await verifyCredentials(t.db, "member@reset.test", "set by link")).ok, true);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { teamId: team.id, action: "member.password_reset_link_created" } });
    assert.equal(audit.targetId, m.id);
    assert.doesNotMatch(JSON.stringify(audit), new RegExp(secretOf(link)), "the link is not in the log");
  });

  it("refuses owners for admins, SSO-required domains, other teams' members and people in other teams", async () => {
    const team = await createTeam(t.db);
    const owner = await memberWithPassword(team.id, "owner@guard.test", "OWNER");
    const admin = await memberWithPassword(team.id, "admin@guard.test", "ADMIN");
    const adminActor = person(admin.userId, admin.email);
    await assert.rejects(createMemberResetLink(t.db, { teamId: team.id, membershipId: owner.id }, adminActor), OwnerAuthorityError);
    await createMemberResetLink(t.db, { teamId: team.id, membershipId: admin.id }, person(owner.userId, owner.email, true));

    const other = await createTeam(t.db);
    const outsider = await memberWithPassword(other.id, "outsider@guard.test");
    await assert.rejects(createMemberResetLink(t.db, { teamId: team.id, membershipId: outsider.id }, adminActor), /not found/);

    const shared = await memberWithPassword(team.id, "shared@guard.test");
    await createMember(t.db, other.id, { email: "shared@guard.test" });
    // The other team added the account while its address was unproved: closed to its password,
    // and so to one set with this link, which leaves the address unproved (unproven-account.ts).
    assert.equal((await t.db.membership.findFirstOrThrow({ where: { teamId: other.id, userId: shared.userId } })).passwordMayEnter, false);
    const allowed = await createMemberResetLink(t.db, { teamId: team.id, membershipId: shared.id }, adminActor);
    await t.db.passwordToken.updateMany({ where: { userId: shared.userId }, data: { usedAt: new Date() } });
    assert.ok(allowed.link);
    // A team its password reaches (one from before that was recorded, say): the admin may not.
    await t.db.membership.updateMany({ where: { teamId: other.id, userId: shared.userId }, data: { passwordMayEnter: true } });
    await assert.rejects(createMemberResetLink(t.db, { teamId: team.id, membershipId: shared.id }, adminActor), /also belongs to other teams/);

    await t.db.team.update({ where: { id: team.id }, data: { ssoRequired: true } });
    await t.db.teamDomain.create({ data: { teamId: team.id, domain: "guard.test", verificationToken: "y", verifiedAt: new Date() } });
    const sso = await memberWithPassword(team.id, "sso@guard.test");
    await assert.rejects(createMemberResetLink(t.db, { teamId: team.id, membershipId: sso.id }, adminActor), ResetRefusedError);
    assert.equal(await t.db.passwordToken.count({ where: { userId: { in: [owner.userId, outsider.userId, sso.userId] } } }), 0);
  });

  // An admin may not make a link for an owner; a link they made for someone who is an owner by
  // the time it is used would be the same takeover, a day later. Every way of becoming an owner:
  // an owner's role change, an ownership transfer, a role-mapped group, the IdP's role attribute.
  it("stops an admin's link working once its member becomes an owner, however they do", async () => {
    const ways: Record<string, (team: { id: string }, owner: { id: string; userId: string; email: string }, m: { id: string }) => Promise<unknown>> = {
      "an owner changes the role": (team, owner, m) => changeRole(t.db, { teamId: team.id, membershipId: m.id }, "OWNER", person(owner.userId, owner.email, true)),
      "ownership is transferred": (team, owner, m) => transferOwnership(t.db, { teamId: team.id, fromMembershipId: owner.id, toMembershipId: m.id }, person(owner.userId, owner.email, true)),
      "a group is mapped to Owner": async (team, owner, m) => {
        const group = await createGroup(t.db, { teamId: team.id, displayName: "Owners", memberIds: [m.id] }, person(owner.userId, owner.email, true));
        await setGroupRole(t.db, { teamId: team.id, groupId: group.id, role: "OWNER" }, person(owner.userId, owner.email, true));
      },
      "the IdP sends the Owner role": async (team, _owner, m) => {
        const token = await createScimToken(t.db, { teamId: team.id, name: "idp", mayManageOwners: true }, { type: "system", label: "test" });
        const scim = scimClient(t.db, token.secret);
        const res = await scim("PATCH", `/Users/${m.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: `${ROLE_EXT}:role`, value: "owner" }] } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
    };
    for (const [way, promote] of Object.entries(ways)) {
      const team = await createTeam(t.db);
      const owner = await memberWithPassword(team.id, `owner-${team.slug}@promote.test`, "OWNER");
      const admin = await memberWithPassword(team.id, `admin-${team.slug}@promote.test`, "ADMIN");
      const m = await memberWithPassword(team.id, `member-${team.slug}@promote.test`);
      const { link } = await createMemberResetLink(t.db, { teamId: team.id, membershipId: m.id }, person(admin.userId, admin.email));
      await promote(team, owner, m);
      assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: m.id } })).role, "OWNER", way);
      await assert.rejects(resetPassword(t.db, secretOf(link), "the admin's choice"), (e) => e instanceof PasswordTokenUnusableError, way);
      assert.equal((await verifyCredentials(t.db, m.email, "the admin's choice")).ok, false, way);
      assert.equal((await verifyCredentials(t.db, m.email, "old password")).ok, true, way);
    }
  });

  // What the link was checked for when it was made must still hold when it is used, a day later:
  // the admin still an admin of the team, the person still in it. (Joining another team withdraws
  // the links someone else saw, add-member.ts; becoming an owner too, the test above.)
  it("stops an admin's link working once the admin is no longer one, or its member left the team", async () => {
    const cases: Record<string, (team: { id: string }, owner: { id: string; userId: string; email: string }, admin: { id: string }, m: { id: string; email: string; userId: string }) => Promise<unknown>> = {
      "the admin is demoted": (team, owner, admin) => changeRole(t.db, { teamId: team.id, membershipId: admin.id }, "MEMBER", person(owner.userId, owner.email, true)),
      "the admin is deactivated": (team, owner, admin) => deactivateMember(t.db, { teamId: team.id, membershipId: admin.id }, person(owner.userId, owner.email, true)),
      "the admin is removed": (team, owner, admin) => removeMember(t.db, { teamId: team.id, membershipId: admin.id }, person(owner.userId, owner.email, true)),
      "the member left the team": (team, owner, _admin, m) => removeMember(t.db, { teamId: team.id, membershipId: m.id }, person(owner.userId, owner.email, true)),
    };
    for (const [change, apply] of Object.entries(cases)) {
      const team = await createTeam(t.db);
      const owner = await memberWithPassword(team.id, `owner-${team.slug}@later.test`, "OWNER");
      const admin = await memberWithPassword(team.id, `admin-${team.slug}@later.test`, "ADMIN");
      const m = await memberWithPassword(team.id, `member-${team.slug}@later.test`);
      const { link } = await createMemberResetLink(t.db, { teamId: team.id, membershipId: m.id }, person(admin.userId, admin.email));
      assert.equal((await lookupPasswordToken(t.db, secretOf(link))).state, "valid", change);
      await apply(team, owner, admin, m);
      assert.equal((await lookupPasswordToken(t.db, secretOf(link))).state, "withdrawn", change);
      await assert.rejects(resetPassword(t.db, secretOf(link), "the admin's choice"), (e) => e instanceof PasswordTokenUnusableError && e.state === "withdrawn", change);
      assert.equal((await verifyCredentials(t.db, m.email, "the admin's choice")).ok, false, change);
    }
  });
});

// An admin of two teams vouches for a person's other team only as far as they could there: where
// the person is an owner and the admin is not, a link would set an owner's password.
describe("admin reset links across an admin's teams", () => {
  it("refuses a link for someone who is an owner of another team the admin only administers, and withdraws it if they become one", async () => {
    const a = await createTeam(t.db);
    const b = await createTeam(t.db);
    const admin = await memberWithPassword(a.id, `admin-${a.slug}@two-teams.test`, "ADMIN");
    await createMember(t.db, b.id, { email: admin.email, role: "ADMIN" });
    const p = await memberWithPassword(a.id, `p-${a.slug}@two-teams.test`, "OWNER");
    const inB = await createMember(t.db, b.id, { email: p.email, role: "MEMBER" });
    await assert.rejects(createMemberResetLink(t.db, { teamId: b.id, membershipId: inB.id }, person(admin.userId, admin.email)), ResetRefusedError);
    assert.equal(await t.db.passwordToken.count({ where: { userId: p.userId } }), 0, "no link for team A's owner");

    // Made while they were an admin of A, then they become A's owner: the link stops working.
    const q = await memberWithPassword(a.id, `q-${a.slug}@two-teams.test`, "ADMIN");
    const qInB = await createMember(t.db, b.id, { email: q.email, role: "MEMBER" });
    const { link } = await createMemberResetLink(t.db, { teamId: b.id, membershipId: qInB.id }, person(admin.userId, admin.email));
    await t.db.membership.update({ where: { id: q.id }, data: { role: "OWNER" } });
    assert.equal((await lookupPasswordToken(t.db, secretOf(link))).state, "withdrawn");
    await assert.rejects(resetPassword(t.db, secretOf(link), "the admin's choice"), PasswordTokenUnusableError);
    assert.equal((await verifyCredentials(t.db, q.email, "the admin's choice")).ok, false);
  });

  it("still lets an owner of both teams make one", async () => {
    const a = await createTeam(t.db);
    const b = await createTeam(t.db);
    const owner = await memberWithPassword(a.id, `owner-${a.slug}@two-teams.test`, "OWNER");
    await createMember(t.db, b.id, { email: owner.email, role: "OWNER" });
    const p = await memberWithPassword(a.id, `p-${a.slug}@two-teams.test`, "OWNER");
    const inB = await createMember(t.db, b.id, { email: p.email, role: "MEMBER" });
    const { link } = await createMemberResetLink(t.db, { teamId: b.id, membershipId: inB.id }, person(owner.userId, owner.email, true));
    await resetPassword(t.db, secretOf(link), "the owner's choice");
    assert.equal((await verifyCredentials(t.db, p.email, "the owner's choice")).ok, true);
  });
});

// A password link proves the address it was mailed to, and no other: a move of the account's
// sign-in address (its one team's SCIM changing the member's email, update-member.ts) withdraws the
// account's links, and one made as the move commits must neither be mailed to the old address nor,
// used, prove the new one (found by review: the old address's holder then had a password reaching
// every team that later added the new one). On the PostgreSQL server, with the move really in
// flight: reset-address-race.integration.test.ts.
describe("a password link and a move of the account's address", () => {
  it("forgot password makes no link when the address moved between its lookup and the link", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const x = await memberWithPassword(team.id, `old-${team.slug}@moving.test`);
    const moved = `new-${team.slug}@moving.test`;
    // Forgot password reads the account by the old address; the move commits before the link goes in.
    const racing = pausingAfter(t.db, "user", "findUnique", async () => {
      await updateMember(t.db, { teamId: team.id, membershipId: x.id }, { email: moved }, testActor);
    });
    assert.equal(await requestPasswordReset(racing, x.email), null, "nothing mailed to the old address");
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: x.userId } })).emailNormalized, moved, "the move happened");
    assert.equal(await t.db.passwordToken.count({ where: { userId: x.userId } }), 0, "no link made for the old address");
    // The new address's own request works as ever, and proves it.
    const mail = await requestPasswordReset(t.db, moved);
    assert.equal(mail?.to, moved);
    await resetPassword(t.db, secretOf(mail.text.match(/http\S+\/reset-password\/\S+/)![0]), "the new address's choice");
    assert.ok((await t.db.user.findUniqueOrThrow({ where: { id: x.userId } })).emailVerifiedAt);
  });

  it("a mailed link used after the account's address changed sets the password but proves nothing", async () => {
    const team = await createTeam(t.db);
    const owner = await memberWithPassword(team.id, `owner-${team.slug}@moving.test`, "OWNER");
    const links = {
      "forgot password": async (m: { email: string }) => secretOf((await requestPasswordReset(t.db, m.email))!.text.match(/http\S+\/reset-password\/\S+/)![0]),
      // deliverMemberResetLink with SMTP: mailed to made.email, then marked mailOnly.
      "an admin's emailed link": async (m: { id: string }) => {
        const made = await createMemberResetLink(t.db, { teamId: team.id, membershipId: m.id }, person(owner.userId, owner.email, true));
        await t.db.passwordToken.update({ where: { id: made.tokenId }, data: { mailOnly: true } });
        return secretOf(made.link);
      },
    };
    for (const [i, [kind, mailedLink]] of Object.entries(links).entries()) {
      const m = await memberWithPassword(team.id, `old-${i}-${team.slug}@moving.test`);
      const secret = await mailedLink(m);
      // The account's address changes with the link still open: whatever way that came about (the
      // move withdraws the account's links; this stands for one that did not), the link went to the
      // old address, and its use says nothing about the new one.
      await t.db.user.update({ where: { id: m.userId }, data: { email: `New-${m.email}`, emailNormalized: `new-${m.email}` } });
      await resetPassword(t.db, secret, "set with the old address's link");
      assert.equal((await verifyCredentials(t.db, `new-${m.email}`, "set with the old address's link")).ok, true, `${kind}: the password is set`);
      assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: m.userId } })).emailVerifiedAt, null, `${kind}: the new address is not proved`);
    }
    // A link used while the address is still the one it went to proves it, whatever its case.
    const same = await memberWithPassword(team.id, `same-${team.slug}@moving.test`);
    const secret = await links["forgot password"](same);
    await t.db.user.update({ where: { id: same.userId }, data: { email: same.email.toUpperCase() } });
    await resetPassword(t.db, secret, "set with its own address's link");
    assert.ok((await t.db.user.findUniqueOrThrow({ where: { id: same.userId } })).emailVerifiedAt);
  });
});
