import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import { hashPassword } from "../auth/password";
import { verifyCredentials } from "../auth/verify-credentials";
import { removeMember } from "../members/remove-member";
import { LastOwnerError } from "../members/errors";
import { startSession } from "../sessions/start-session";
import { readSession } from "../sessions/read-session";
import { passwordSignIn } from "../auth/password-sign-in";
import { changeDisplayName, changePassword, listMyTeams, signOutEverywhere } from "./account";
import { requestPasswordReset } from "../password-reset/request-reset";
import { resetPassword } from "../password-reset/reset-password";
import type { Db } from "../members/types";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.close();
});

const self = (userId: string, email: string, owner = false) => ({ type: "user" as const, userId, label: email, mayManageOwners: owner });

describe("your account", () => {
  it("changes the display name, audited in the instance trail", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "named@example.test" });
    await changeDisplayName(t.db, me.userId, "  New Name ", self(me.userId, me.email));
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: me.userId } })).name, "New Name");
    assert.equal(await t.db.instanceAuditEvent.count({ where: { targetId: me.userId, action: "account.name_changed" } }), 1);
    await assert.rejects(changeDisplayName(t.db, me.userId, "   ", self(me.userId, me.email)), /Enter your name/);
  });

  it("changes the password only with the current one", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "pw@example.test", passwordHash: await hashPassword("old password") });
    await assert.rejects(changePassword(t.db, me.userId, "wrong", "new password", self(me.userId, me.email)), /current password is not right/);
    await assert.rejects(changePassword(t.db, me.userId, "old password", "short", self(me.userId, me.email)), /at least 8/);
    assert.equal((await verifyCredentials(t.db, "pw@example.test", "old password")).ok, true, "unchanged after refusals");
    await changePassword(t.db, me.userId, "old password", "new password", self(me.userId, me.email));
    assert.equal((await verifyCredentials(t.db, "pw@example.test", "new password")).ok, true);
    assert.equal((await verifyCredentials(t.db, "pw@example.test", "old password")).ok, false);
    const sso = await createMember(t.db, team.id, { email: "sso-only@example.test" });
    await assert.rejects(changePassword(t.db, sso.userId, "x", "new password", self(sso.userId, sso.email)), /single sign-on/);
  });

  it("counts guesses at the current password in the sign-in throttle: refused once over, even the right one", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "Guessed@Example.test", passwordHash: await hashPassword("old password") });
    const throttle = { perAccount: 3, perAddress: 100, windowSeconds: 900 };
    const change = (current: string) => changePassword(t.db, me.userId, current, "new password", self(me.userId, me.email), { throttle });
    for (let i = 0; i < 3; i++) await assert.rejects(change(`wrong ${i}`), /current password is not right/);
    await assert.rejects(change("old password"), /Too many attempts with a wrong password\. Try again in \d+ minutes?\.$/);
    assert.equal((await verifyCredentials(t.db, me.email, "old password")).ok, true, "unchanged while throttled");
    // One count for the account: sign-in with the right password is refused too.
    const signIn = await passwordSignIn(t.db, { email: "guessed@example.test", password: "old password", address: null }, throttle);
    assert.equal(signIn.ok, false);
    assert.equal(!signIn.ok && signIn.reason, "throttled");
  });

  it("a right current password gives the account's count back", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "forgetful@example.test", passwordHash: await hashPassword("old password") });
    const throttle = { perAccount: 2, perAddress: 100, windowSeconds: 900 };
    const change = (current: string, next = "new password") => changePassword(t.db, me.userId, current, next, self(me.userId, me.email), { throttle });
    await assert.rejects(change("wrong 1"), /not right/);
    await assert.rejects(change("old password", "short"), /at least 8/);
    await assert.rejects(change("wrong 2"), /not right/);
    await assert.rejects(change("wrong 3"), /not right/);
    await assert.rejects(change("old password"), /Too many attempts/);
  });

  it("refuses leaving for the last owner; another owner or a member may leave", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { email: "only-owner@example.test", role: "OWNER" });
    await assert.rejects(removeMember(t.db, { teamId: team.id, membershipId: owner.id }, self(owner.userId, owner.email, true)), LastOwnerError);
    assert.equal((await listMyTeams(t.db, { id: owner.userId, emailVerifiedAt: null, session: { onlyTeamId: null, method: "password" } })).length, 1);
    const second = await createMember(t.db, team.id, { email: "second-owner@example.test", role: "OWNER" });
    await removeMember(t.db, { teamId: team.id, membershipId: owner.id }, self(owner.userId, owner.email, true));
    assert.deepEqual(await listMyTeams(t.db, { id: owner.userId, emailVerifiedAt: null, session: { onlyTeamId: null, method: "password" } }), []);
    const member = await createMember(t.db, team.id, { email: "leaver@example.test" });
    await removeMember(t.db, { teamId: team.id, membershipId: member.id }, self(member.userId, member.email));
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 1);
    assert.equal((await listMyTeams(t.db, { id: second.userId, emailVerifiedAt: null, session: { onlyTeamId: null, method: "password" } }))[0].role, "OWNER");
  });

  it("signs out everywhere: every session of the person ends, this one too, and nobody else's", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "everywhere@example.test" });
    const other = await createMember(t.db, team.id, { email: "bystander@example.test" });
    const open = (userId: string) => startSession(t.db, { userId, method: "password", maxAgeSeconds: 3600 });
    const [a, b, c] = [await open(me.userId), await open(me.userId), await open(other.userId)];
    assert.equal(await signOutEverywhere(t.db, me.userId, self(me.userId, me.email)), 2);
    assert.equal(await readSession(t.db, a, me.userId), null);
    assert.equal(await readSession(t.db, b, me.userId), null);
    assert.ok(await readSession(t.db, c, other.userId));
    assert.equal(await t.db.instanceAuditEvent.count({ where: { targetId: me.userId, action: "account.signed_out_everywhere" } }), 1);
  });
});

// Found by review: a change reads the password, checks it (scrypt) and writes the new one; a reset
// through the person's own "Forgot password?" committing in between was overwritten, leaving the
// old password's holder with a new password on an address the reset had just proved.
describe("a password change over a reset that committed after its check", () => {
  it("is refused, and the reset's password stands", async () => {
    const team = await createTeam(t.db);
    const m = await createMember(t.db, team.id, { email: "raced@example.test", passwordHash: await hashPassword("old password") });
    const mail = await requestPasswordReset(t.db, m.email);
    const secret = mail!.text.match(/\/reset-password\/(\S+)/)![1]!;
    // The real database, with the reset committed right after the change has read the password.
    let raced = false;
    const racing = new Proxy(t.db, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== "user" || raced) return value;
        return new Proxy(value, {
          get(users, op, r) {
            const fn = Reflect.get(users, op, r);
            if (op !== "findUnique" || raced) return fn;
            return async (...args: unknown[]) => {
              const read = await fn.apply(users, args);
              raced = true;
              await resetPassword(t.db, secret, "the person's own password");
              return read;
            };
          },
        });
      },
    }) as Db;
    await assert.rejects(changePassword(racing, m.userId, "old password", "a new password!", self(m.userId, m.email)), /changed elsewhere/);
    assert.ok(raced);
    assert.equal((await verifyCredentials(t.db, m.email, "the person's own password")).ok, true);
    assert.equal((await verifyCredentials(t.db, m.email, "a new password!")).ok, false);
  });
});
