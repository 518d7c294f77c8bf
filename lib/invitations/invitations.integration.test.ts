import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { scimClient } from "../testing/scim-harness";
import { createScimToken } from "../scim-tokens/create-token";
import { verifyCredentials } from "../auth/verify-credentials";
import { hashPassword } from "../auth/password";
import { updateMember } from "../members/update-member";
import { addMember } from "../members/add-member";
import { removeMember } from "../members/remove-member";
import { OwnerAuthorityError } from "../members/errors";
import { acceptInvitation, lookupInvitation } from "./accept-invitation";
import { consumeInvitationForEmail } from "../members/consume-invitation";
import { createInvitation, listOpenInvitations, resendInvitation, revokeInvitation } from "./manage-invitations";
import { AccountExistsError, InvitationUnusableError, WrongAccountError } from "./errors";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const adminActor = (userId: string) => ({ type: "user" as const, userId, label: "admin@example.test", mayManageOwners: false });
const DAY = 86_400_000;

async function teamWithAdmin() {
  const team = await createTeam(t.db);
  const admin = await createMember(t.db, team.id, { role: "ADMIN" });
  return { team, actor: adminActor(admin.userId) };
}

describe("invitations", () => {
  it("is listed as invited, not as a member, and a new person accepting sets a password they sign in with", async () => {
    const { team, actor } = await teamWithAdmin();
    const { secret, invitation } = await createInvitation(t.db, { teamId: team.id, email: "New.Person@Example.test", role: "ADMIN" }, actor);
    assert.equal(invitation.expiresAt.getTime() - Date.now() > 6.9 * DAY, true, "expires in 7 days");
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 1, "not a membership yet");
    assert.deepEqual((await listOpenInvitations(t.db, team.id)).map((i) => i.email), ["New.Person@Example.test"]);

    const look = await lookupInvitation(t.db, secret);
    assert.equal(look.state, "pending");
    assert.equal(look.accountExists, false);

    const result = await acceptInvitation(t.db, secret, { newAccount: { name: "New Person", password: "long enough" } });
    assert.equal(result.teamSlug, team.slug);
    const member = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, emailNormalized: "new.person@example.test" }, include: { user: true } });
    assert.equal(member.role, "ADMIN");
    assert.equal(member.status, "ACTIVE");
    assert.equal(member.user.name, "New Person");
    assert.equal((await verifyCredentials(t.db, "new.person@example.test", "long enough")).ok, true);
    assert.deepEqual(await listOpenInvitations(t.db, team.id), []);
    const actions = (await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions.slice(-3), ["invitation.created", "member.added", "invitation.accepted"]);
  });

  it("an account with no password and no team left takes the password its holder chooses on accepting", async () => {
    const { team, actor } = await teamWithAdmin();
    const elsewhere = await createTeam(t.db);
    const former = await createMember(t.db, elsewhere.id, { email: "left.everywhere@example.test" });
    await t.db.membership.delete({ where: { id: former.id } });
    const { secret } = await createInvitation(t.db, { teamId: team.id, email: "left.everywhere@example.test", role: "MEMBER" }, actor);
    await acceptInvitation(t.db, secret, { newAccount: { name: "Back Again", password: "long enough" } });
    const member = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, emailNormalized: "left.everywhere@example.test" } });
    assert.equal(member.userId, former.userId, "the same account");
    assert.equal((await verifyCredentials(t.db, "left.everywhere@example.test", "long enough")).ok, true);
  });

  it("refuses a used, a revoked, an expired and an unknown link, changing nothing", async () => {
    const { team, actor } = await teamWithAdmin();
    const used = await createInvitation(t.db, { teamId: team.id, email: "used@example.test", role: "MEMBER" }, actor);
    await acceptInvitation(t.db, used.secret, { newAccount: { name: "U", password: "long enough" } });
    await assert.rejects(acceptInvitation(t.db, used.secret, { newAccount: { name: "U2", password: "other password" } }), (e: unknown) => e instanceof InvitationUnusableError && e.state === "accepted");
    assert.equal((await verifyCredentials(t.db, "used@example.test", "other password")).ok, false, "a reused link does not reset the password");

    const revoked = await createInvitation(t.db, { teamId: team.id, email: "revoked@example.test", role: "MEMBER" }, actor);
    await revokeInvitation(t.db, { teamId: team.id, invitationId: revoked.invitation.id }, actor);
    assert.equal((await lookupInvitation(t.db, revoked.secret)).state, "revoked");
    await assert.rejects(acceptInvitation(t.db, revoked.secret, { newAccount: { name: "R", password: "long enough" } }), (e: unknown) => e instanceof InvitationUnusableError && e.state === "revoked");

    const old = new Date(Date.now() - 8 * DAY);
    const expired = await createInvitation(t.db, { teamId: team.id, email: "expired@example.test", role: "MEMBER" }, actor, old);
    assert.equal((await lookupInvitation(t.db, expired.secret)).state, "expired");
    await assert.rejects(acceptInvitation(t.db, expired.secret, { newAccount: { name: "E", password: "long enough" } }), (e: unknown) => e instanceof InvitationUnusableError && e.state === "expired");
    assert.equal((await listOpenInvitations(t.db, team.id)).find((i) => i.email === "expired@example.test")?.expired, true);

    await assert.rejects(acceptInvitation(t.db, "x".repeat(43), { newAccount: { name: "N", password: "long enough" } }), (e: unknown) => e instanceof InvitationUnusableError && e.state === "not_found");
    for (const email of ["revoked@example.test", "expired@example.test"]) {
      assert.equal(await t.db.user.count({ where: { emailNormalized: email } }), 0, email);
    }
  });

  it("resend gives a new link and a new expiry; the old link stops working", async () => {
    const { team, actor } = await teamWithAdmin();
    const first = await createInvitation(t.db, { teamId: team.id, email: "again@example.test", role: "MEMBER" }, actor, new Date(Date.now() - 8 * DAY));
    const second = await resendInvitation(t.db, { teamId: team.id, invitationId: first.invitation.id }, actor);
    assert.equal((await lookupInvitation(t.db, first.secret)).state, "not_found");
    assert.equal((await lookupInvitation(t.db, second.secret)).state, "pending");
    assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "invitation.resent" } }), 1);
  });

  it("refuses inviting a member or someone already invited; only owners invite owners", async () => {
    const { team, actor } = await teamWithAdmin();
    await createMember(t.db, team.id, { email: "here@example.test" });
    await assert.rejects(createInvitation(t.db, { teamId: team.id, email: "HERE@example.test", role: "MEMBER" }, actor), /already a member/);
    await createInvitation(t.db, { teamId: team.id, email: "twice@example.test", role: "MEMBER" }, actor);
    await assert.rejects(createInvitation(t.db, { teamId: team.id, email: "twice@example.test", role: "MEMBER" }, actor), /already been invited/);
    await assert.rejects(createInvitation(t.db, { teamId: team.id, email: "boss@example.test", role: "OWNER" }, actor), OwnerAuthorityError);
    await assert.rejects(createInvitation(t.db, { teamId: team.id, email: "not-an-address", role: "MEMBER" }, actor), /valid email/);
  });

  it("a signed-in person joins in one click; someone else signed in is refused; an existing account must sign in", async () => {
    const { team, actor } = await teamWithAdmin();
    const elsewhere = await createTeam(t.db);
    const person = await createMember(t.db, elsewhere.id, { email: "known@example.test" });
    const stranger = await createMember(t.db, elsewhere.id, { email: "stranger@example.test" });
    const inv = await createInvitation(t.db, { teamId: team.id, email: "known@example.test", role: "MEMBER" }, actor);
    assert.equal((await lookupInvitation(t.db, inv.secret)).accountExists, true);
    await assert.rejects(acceptInvitation(t.db, inv.secret, { userId: stranger.userId, viaPassword: true }), WrongAccountError);
    await assert.rejects(acceptInvitation(t.db, inv.secret, { newAccount: { name: "Taker", password: "long enough" } }), AccountExistsError);
    const result = await acceptInvitation(t.db, inv.secret, { userId: person.userId, viaPassword: true });
    assert.equal(result.alreadyMember, false);
    const joined = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, userId: person.userId } });
    assert.equal(joined.role, "MEMBER");
  });

  it("someone deactivated in every team accepts with their password, throttled as sign-in is, and can sign in again", async () => {
    const { team, actor } = await teamWithAdmin();
    const old = await createTeam(t.db);
    const passwordHash = await hashPassword("their own password");
    const person = await createMember(t.db, old.id, { email: "returning@example.test", passwordHash });
    await t.db.user.update({ where: { id: person.userId }, data: { emailVerifiedAt: new Date() } });
    await updateMember(t.db, { teamId: old.id, membershipId: person.id }, { status: "DEACTIVATED" }, testActor);
    assert.deepEqual(await verifyCredentials(t.db, "returning@example.test", "their own password"), { ok: false, reason: "deactivated" });
    const inv = await createInvitation(t.db, { teamId: team.id, email: "returning@example.test", role: "MEMBER" }, actor);
    assert.equal((await lookupInvitation(t.db, inv.secret)).accountExists, true);

    const throttle = { perAccount: 2, perAddress: 100, windowSeconds: 600 };
    const withPassword = (accountPassword: string) => acceptInvitation(t.db, inv.secret, { accountPassword, address: null, throttle });
    await assert.rejects(withPassword("a wrong guess"), /not the password of this account/);
    await assert.rejects(withPassword("another guess"), /not the password of this account/);
    await assert.rejects(withPassword("their own password"), /Too many attempts/, "the right password too, once throttled");
    assert.equal(await t.db.membership.count({ where: { teamId: team.id, userId: person.userId } }), 0, "nothing changed");

    const another = await teamWithAdmin();
    const other = await createInvitation(t.db, { teamId: another.team.id, email: "returning@example.test", role: "MEMBER" }, another.actor);
    const result = await acceptInvitation(t.db, other.secret, { accountPassword: "their own password", address: null });
    assert.equal(result.alreadyMember, false);
    assert.equal((await verifyCredentials(t.db, "returning@example.test", "their own password")).ok, true, "in a team again: signs in");
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: person.userId } })).passwordHash, passwordHash, "their password kept");
  });

  it("a password nobody proved does not accept for an account: its address's owner chooses a new one", async () => {
    const { team, actor } = await teamWithAdmin();
    const eveTeam = await createTeam(t.db);
    const planted = await createMember(t.db, eveTeam.id, { email: "planted@example.test", passwordHash: await hashPassword("eve's password") });
    await t.db.membership.delete({ where: { id: planted.id } });
    const inv = await createInvitation(t.db, { teamId: team.id, email: "planted@example.test", role: "MEMBER" }, actor);
    assert.equal((await lookupInvitation(t.db, inv.secret)).accountExists, false);
    await assert.rejects(acceptInvitation(t.db, inv.secret, { accountPassword: "eve's password", address: null }), /choose your name and a new password/i);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id, userId: planted.userId } }), 0);
  });

  it("SCIM provisioning of an invited address is that member: one person, no open invitation, the link used up", async () => {
    const { team, actor } = await teamWithAdmin();
    const inv = await createInvitation(t.db, { teamId: team.id, email: "okta.user@example.test", role: "ADMIN" }, actor);
    const token = await createScimToken(t.db, { teamId: team.id, name: "okta", mayManageOwners: true }, testActor);
    const scim = scimClient(t.db, token.secret);
    const created = await scim("POST", "/Users", {
      body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "Okta.User@example.test", emails: [{ value: "okta.user@example.test", primary: true }], active: true },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // Invitations are not SCIM Users: the listing holds the admin and the provisioned member only.
    const listed = await scim("GET", "/Users");
    assert.equal(listed.body.totalResults, 2);
    assert.deepEqual(await listOpenInvitations(t.db, team.id), [], "not listed twice");
    // addMember consumed the invitation in the SCIM member's own transaction: the link is used up.
    assert.equal((await lookupInvitation(t.db, inv.secret)).state, "accepted");
    assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "invitation.merged_into_scim" } }), 1);
    const person = (await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id } })).userId;
    await assert.rejects(acceptInvitation(t.db, inv.secret, { userId: person, viaPassword: true }), /already been used/);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 2);
  });

  it("consumeInvitationForEmail marks the invitation merged into the SCIM member, audited", async () => {
    const { team, actor } = await teamWithAdmin();
    const inv = await createInvitation(t.db, { teamId: team.id, email: "merge@example.test", role: "MEMBER" }, actor);
    // Added by another way first (SCIM members consume it in addMember itself, tested above).
    const member = await createMember(t.db, team.id, { email: "merge@example.test", source: "MANUAL" });
    const merged = await t.db.$transaction((tx) => consumeInvitationForEmail(tx, team.id, "MERGE@example.test", member.id, testActor));
    assert.deepEqual(merged, { role: "MEMBER" });
    assert.equal((await lookupInvitation(t.db, inv.secret)).state, "accepted");
    assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "invitation.merged_into_scim" } }), 1);
    assert.equal(await t.db.$transaction((tx) => consumeInvitationForEmail(tx, team.id, "nobody@example.test", member.id, testActor)), null);
  });

  it("one team's invitation cannot be managed through another team", async () => {
    const { team, actor } = await teamWithAdmin();
    const other = await teamWithAdmin();
    const inv = await createInvitation(t.db, { teamId: team.id, email: "mine@example.test", role: "MEMBER" }, actor);
    await assert.rejects(revokeInvitation(t.db, { teamId: other.team.id, invitationId: inv.invitation.id }, other.actor), /not found/);
    await assert.rejects(resendInvitation(t.db, { teamId: other.team.id, invitationId: inv.invitation.id }, other.actor), /not found/);
    assert.equal((await lookupInvitation(t.db, inv.secret)).state, "pending");
  });

  // Found by a review: an invitation made before the person joined another way (added by hand, or
  // by SSO just-in-time) stayed open, so after an admin removed them its link let them back in.
  it("removing someone withdraws an invitation still open for them: its link cannot bring them back", async () => {
    const { team, actor } = await teamWithAdmin();
    const { secret } = await createInvitation(t.db, { teamId: team.id, email: "Back.Door@example.test", role: "MEMBER" }, actor);
    const other = await createInvitation(t.db, { teamId: team.id, email: "someone.else@example.test", role: "MEMBER" }, actor);
    const added = await addMember(t.db, { teamId: team.id, email: "back.door@example.test", source: "MANUAL" }, actor);
    assert.equal((await lookupInvitation(t.db, secret)).state, "pending", "joining by hand leaves it open");
    await removeMember(t.db, { teamId: team.id, membershipId: added.id }, actor);
    assert.equal((await lookupInvitation(t.db, secret)).state, "revoked");
    assert.equal((await lookupInvitation(t.db, other.secret)).state, "pending", "nobody else's");
    const revoked = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: "invitation.revoked" } });
    assert.deepEqual(revoked.map((e) => [e.targetLabel, e.details]), [["Back.Door@example.test", { reason: "member_removed" }]]);
  });

  // An admin about to be removed invites their own private address as an admin: checked only when
  // made, the link brought them back for a week after they were removed.
  it("an invitation stops working once its inviter could not make it, until someone who can resends it", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { role: "OWNER" });
    const ownerActor = { type: "user" as const, userId: owner.userId, label: "owner@example.test", mayManageOwners: true };
    const ways: Record<string, { role: "ADMIN" | "OWNER"; inviter: "ADMIN" | "OWNER"; lose: (m: { id: string }) => Promise<unknown> }> = {
      "its admin is removed": { role: "ADMIN", inviter: "ADMIN", lose: (m) => removeMember(t.db, { teamId: team.id, membershipId: m.id }, ownerActor) },
      "its admin is deactivated": { role: "MEMBER" as "ADMIN", inviter: "ADMIN", lose: (m) => updateMember(t.db, { teamId: team.id, membershipId: m.id }, { status: "DEACTIVATED" }, ownerActor) },
      "its admin becomes a member": { role: "ADMIN", inviter: "ADMIN", lose: (m) => updateMember(t.db, { teamId: team.id, membershipId: m.id }, { role: "MEMBER" }, ownerActor) },
      "its owner becomes an admin (an owner's invitation)": { role: "OWNER", inviter: "OWNER", lose: (m) => updateMember(t.db, { teamId: team.id, membershipId: m.id }, { role: "ADMIN" }, ownerActor) },
    };
    let n = 0;
    for (const [way, { role, inviter, lose }] of Object.entries(ways)) {
      const m = await createMember(t.db, team.id, { role: inviter });
      const by = { type: "user" as const, userId: m.userId, label: `inviter-${++n}@example.test`, mayManageOwners: inviter === "OWNER" };
      const { secret, invitation } = await createInvitation(t.db, { teamId: team.id, email: `private-${n}@example.test`, role }, by);
      assert.equal((await lookupInvitation(t.db, secret)).state, "pending", way);
      await lose(m);
      assert.equal((await lookupInvitation(t.db, secret)).state, "withdrawn", way);
      const listed = (await listOpenInvitations(t.db, team.id)).find((i) => i.id === invitation.id);
      assert.equal(listed?.withdrawn, true, `${way}: listed as needing a resend`);
      await assert.rejects(
        acceptInvitation(t.db, secret, { newAccount: { name: "Private", password: "long enough" } }),
        (e) => e instanceof InvitationUnusableError && e.state === "withdrawn",
        way,
      );
      assert.equal(await t.db.membership.count({ where: { teamId: team.id, emailNormalized: `private-${n}@example.test` } }), 0, way);
      // An owner who sends it again vouches for it.
      const again = await resendInvitation(t.db, { teamId: team.id, invitationId: invitation.id }, ownerActor);
      assert.equal((await lookupInvitation(t.db, again.secret)).state, "pending", way);
      assert.equal((await listOpenInvitations(t.db, team.id)).find((i) => i.id === invitation.id)?.withdrawn, false, way);
      await acceptInvitation(t.db, again.secret, { newAccount: { name: "Private", password: "long enough" } });
    }
  });
});
