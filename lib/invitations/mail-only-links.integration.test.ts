// Links that went only to the address's mailbox, through a real SMTP server: the invitation and
// admin reset results carry no link, and using the mailed link proves the address, so the
// password chosen with it follows the account into the next team. Without SMTP, see
// lib/members/unproven-account.integration.test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { linkIn } from "../../e2e/mailbox";
import { withMailbox } from "../testing/mailbox-test";
import { createMember, createTeam, testActor } from "../testing/factories";
import { verifyCredentials } from "../auth/verify-credentials";
import { startSession } from "../sessions/start-session";
import { readSession } from "../sessions/read-session";
import { addMember } from "../members/add-member";
import { createMemberResetLink, deliverMemberResetLink } from "../password-reset/admin-reset";
import { resetPassword } from "../password-reset/reset-password";
import { acceptInvitation } from "./accept-invitation";
import { deliverInvitation } from "./deliver-invitation";
import { createInvitation, resendInvitation } from "./manage-invitations";

const { t, mailbox } = withMailbox();

const person = (userId: string, label: string) => ({ type: "user" as const, userId, label, mayManageOwners: true });
const secretIn = (link: string, path: string) => link.split(path)[1]!;

async function teamWithOwner() {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { role: "OWNER" });
  return { team, actor: person(owner.userId, owner.email) };
}

describe("links that went by mail only", () => {
  it("an emailed invitation is not handed back; accepting the mailed link proves the address, and the password follows the account", async () => {
    const { team, actor } = await teamWithOwner();
    const email = "mailed-invite@corp.test";
    const made = await createInvitation(t.db, { teamId: team.id, email, role: "MEMBER" }, actor);
    const d = await deliverInvitation(t.db, { ...made, teamName: team.name, inviter: actor.label });
    assert.deepEqual(d, { emailed: true }, "no link in the result");
    assert.doesNotMatch(JSON.stringify(d), new RegExp(made.secret));
    const link = linkIn(await mailbox.mailTo(email), "/invite/");
    assert.equal(secretIn(link, "/invite/"), made.secret);

    await acceptInvitation(t.db, made.secret, { newAccount: { name: "M", password: "my own password" } });
    const account = await t.db.user.findUniqueOrThrow({ where: { emailNormalized: email } });
    assert.ok(account.emailVerifiedAt, "the mailbox got the only copy");
    const s = await startSession(t.db, { userId: account.id, method: "password", maxAgeSeconds: 3600 });
    await addMember(t.db, { teamId: (await createTeam(t.db)).id, email, source: "SCIM" }, testActor);
    assert.equal((await verifyCredentials(t.db, email, "my own password")).ok, true);
    assert.ok(await readSession(t.db, s, account.id));
  });

  it("a resend is emailed and not handed back either; the new link, mailed only, proves the address", async () => {
    const { team, actor } = await teamWithOwner();
    const email = "mailed-resend@corp.test";
    const first = await createInvitation(t.db, { teamId: team.id, email, role: "MEMBER" }, actor);
    await deliverInvitation(t.db, { ...first, teamName: team.name, inviter: actor.label });
    const again = await resendInvitation(t.db, { teamId: team.id, invitationId: first.invitation.id }, actor);
    assert.equal((await t.db.invitation.findUniqueOrThrow({ where: { id: first.invitation.id } })).mailOnly, false, "not mailed yet");
    // The first link's delivery, late, does not vouch for the new one.
    await deliverInvitation(t.db, { ...first, teamName: team.name, inviter: actor.label });
    assert.equal((await t.db.invitation.findUniqueOrThrow({ where: { id: first.invitation.id } })).mailOnly, false);
    const d = await deliverInvitation(t.db, { ...again, teamName: team.name, inviter: actor.label });
    assert.deepEqual(d, { emailed: true });
    await acceptInvitation(t.db, again.secret, { newAccount: { name: "R", password: "my own password" } });
    assert.ok((await t.db.user.findUniqueOrThrow({ where: { emailNormalized: email } })).emailVerifiedAt);
  });

  it("an admin's reset link, emailed, is not handed back; the member using it proves the address", async () => {
    const { team, actor } = await teamWithOwner();
    const email = "mailed-reset@corp.test";
    const member = await createMember(t.db, team.id, { email });
    const made = await createMemberResetLink(t.db, { teamId: team.id, membershipId: member.id }, actor);
    const d = await deliverMemberResetLink(t.db, made, actor.label);
    assert.deepEqual(d, { email, emailed: true });
    const link = linkIn(await mailbox.mailTo(email), "/reset-password/");
    await resetPassword(t.db, secretIn(link, "/reset-password/"), "my own password");
    assert.ok((await t.db.user.findUniqueOrThrow({ where: { emailNormalized: email } })).emailVerifiedAt);
    await addMember(t.db, { teamId: (await createTeam(t.db)).id, email, source: "MANUAL" }, testActor);
    assert.equal((await verifyCredentials(t.db, email, "my own password")).ok, true);
  });

  it("when the mail server refuses, the link is handed back and proves nothing", async () => {
    const { team, actor } = await teamWithOwner();
    await mailbox.close();
    const made = await createInvitation(t.db, { teamId: team.id, email: "refused@corp.test", role: "MEMBER" }, actor);
    const d = await deliverInvitation(t.db, { ...made, teamName: team.name, inviter: actor.label });
    assert.ok(!d.emailed && d.failed && d.link.endsWith(made.secret));
    await acceptInvitation(t.db, made.secret, { newAccount: { name: "F", password: "long enough" } });
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { emailNormalized: "refused@corp.test" } })).emailVerifiedAt, null);
  });
});
