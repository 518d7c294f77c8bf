// Accepting an invitation racing the other writers of the team it joins, on PostgreSQL (PGlite
// runs one statement at a time, so none of this can happen there): a revocation, a SCIM create of
// the same address, the team's deletion, a second click on the link. Opens a schema of its own on
// the PostgreSQL server, in the embedded run too, as lib/members/concurrent-writes does.
//
// Each test stops the acceptance inside its transaction right after it has read the invitation
// under its lock, starts the other writer, waits (pg_blocking_pids) until that writer is blocked
// by the acceptance, then lets the acceptance go on: whatever order the two take their locks in,
// both must end in an answer a person or an IdP can act on, never a deadlock.
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam } = await import("../testing/factories");
const { acceptInvitation } = await import("./accept-invitation");
const { createInvitation, revokeInvitation } = await import("./manage-invitations");
const { InvitationUnusableError } = await import("./errors");
const { addMember } = await import("../members/add-member");
const { DuplicateMemberError } = await import("../members/errors");
const { deleteTeam } = await import("../teams/delete-team");
const { heldTransaction, untilBlocked } = await import("../testing/postgres-locks");
const { removeMember } = await import("../members/remove-member");
const { verifyCredentials } = await import("../auth/verify-credentials");
const { startSession } = await import("../sessions/start-session");
const { loadSessionUser } = await import("../auth/session-user");
const { AccountExistsError } = await import("./errors");
type Db = import("../members/types").Db;
type Tx = import("../members/types").Tx;

const owner = (userId: string) => ({ type: "user" as const, userId, label: "owner@example.test", mayManageOwners: true });
const okta = { type: "scim" as const, tokenId: "k", label: "Okta", mayManageOwners: false };

/**
 * `db`, but the acceptance stops right after its transaction has read the invitation (which it
 * does holding the invitation's lock): `paused` resolves with that transaction's backend pid, and
 * it goes on when `resume()` is called.
 */
function pausingAfterInvitationRead(db: Db) {
  let resume!: () => void;
  const resumed = new Promise<void>((r) => (resume = r));
  let pausedAt!: (pid: number) => void;
  const paused = new Promise<number>((r) => (pausedAt = r));
  let once = false;
  const wrapTx = (tx: Tx): Tx => {
    const invitation = new Proxy(tx.invitation, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop !== "findUnique" || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
        return async (args: unknown) => {
          const found = await value.call(target, args);
          if (!once) {
            once = true;
            const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
            pausedAt(row!.pid);
            await resumed;
          }
          return found;
        };
      },
    });
    return new Proxy(tx, {
      get(target, prop) {
        if (prop === "invitation") return invitation;
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  const wrapped = new Proxy(db, {
    get(target, prop) {
      if (prop === "$transaction") return (fn: (tx: Tx) => Promise<unknown>, options?: unknown) => target.$transaction((tx) => fn(wrapTx(tx)), options as never);
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: wrapped as Db, paused, resume };
}

const settle = <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
const sqlState = (e: unknown) => JSON.stringify(e, Object.getOwnPropertyNames(e ?? {})).match(/40P01|deadlock/)?.[0] ?? (e instanceof Error ? e.message : String(e));

async function invitedTeam(email: string) {
  const team = await createTeam(t.db);
  const o = await createMember(t.db, team.id, { role: "OWNER" });
  const { secret, invitation } = await createInvitation(t.db, { teamId: team.id, email, role: "ADMIN" }, owner(o.userId));
  return { team, actor: owner(o.userId), secret, invitation };
}

it("an acceptance racing the invitation's revocation: one of them wins, the other is told so, no deadlock", async () => {
  assert.equal(t.kind, "postgres");
  const { team, actor, secret, invitation } = await invitedTeam("racing.revoke@example.test");
  const p = pausingAfterInvitationRead(t.db);
  const accepting = settle(acceptInvitation(p.db, secret, { newAccount: { name: "Racer", password: "long enough" } }));
  const pid = await p.paused;
  const revoking = settle(revokeInvitation(t.db, { teamId: team.id, invitationId: invitation.id }, actor));
  await untilBlocked(admin, pid, 1);
  p.resume();
  const [accepted, revoked] = [await accepting, await revoking];
  assert.ok(accepted.ok || accepted.error instanceof InvitationUnusableError, `the acceptance failed with ${accepted.ok ? "" : sqlState(accepted.error)}`);
  assert.ok(revoked.ok || revoked.error instanceof InvitationUnusableError, `the revocation failed with ${revoked.ok ? "" : sqlState(revoked.error)}`);
  assert.notEqual(accepted.ok, revoked.ok, "exactly one of them happened");
  const after = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
  const members = await t.db.membership.count({ where: { teamId: team.id, emailNormalized: "racing.revoke@example.test" } });
  if (accepted.ok) assert.deepEqual([after.revokedAt, members], [null, 1]);
  else assert.deepEqual([after.acceptedAt, members], [null, 0]);
});

it("an acceptance racing a SCIM create of the same address: one member, the IdP told it exists or given it, no deadlock", async () => {
  assert.equal(t.kind, "postgres");
  const { team, secret, invitation } = await invitedTeam("racing.scim@example.test");
  const p = pausingAfterInvitationRead(t.db);
  const accepting = settle(acceptInvitation(p.db, secret, { newAccount: { name: "Racer", password: "long enough" } }));
  const pid = await p.paused;
  const creating = settle(addMember(t.db, { teamId: team.id, email: "racing.scim@example.test", source: "SCIM" }, okta));
  await untilBlocked(admin, pid, 1);
  p.resume();
  const [accepted, created] = [await accepting, await creating];
  assert.ok(accepted.ok, `the acceptance failed with ${accepted.ok ? "" : sqlState(accepted.error)}`);
  assert.ok(created.ok || created.error instanceof DuplicateMemberError, `the SCIM create failed with ${created.ok ? "" : sqlState(created.error)}`);
  assert.equal(await t.db.membership.count({ where: { teamId: team.id, emailNormalized: "racing.scim@example.test" } }), 1, "one member for the address");
  const after = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
  assert.notEqual(after.acceptedAt, null);
});

it("an acceptance racing the team's deletion: the person is told the link is gone or joins before it goes, nothing left behind, no deadlock", async () => {
  assert.equal(t.kind, "postgres");
  const { team, actor, secret } = await invitedTeam("racing.delete@example.test");
  const p = pausingAfterInvitationRead(t.db);
  const accepting = settle(acceptInvitation(p.db, secret, { newAccount: { name: "Racer", password: "long enough" } }));
  const pid = await p.paused;
  const deleting = settle(deleteTeam({ db: t.db, removeSsoConnections: async () => {} }, { teamId: team.id, confirmSlug: team.slug }, actor));
  await untilBlocked(admin, pid, 1);
  p.resume();
  const [accepted, deleted] = [await accepting, await deleting];
  assert.ok(deleted.ok, `the deletion failed with ${deleted.ok ? "" : sqlState(deleted.error)}`);
  assert.ok(accepted.ok || accepted.error instanceof InvitationUnusableError, `the acceptance failed with ${accepted.ok ? "" : sqlState(accepted.error)}`);
  assert.equal(await t.db.team.count({ where: { id: team.id } }), 0);
  assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 0, "no membership of the deleted team");
  assert.equal(await t.db.invitation.count({ where: { teamId: team.id } }), 0);
});

it("two acceptances of one link: one joins, the other finds it used", async () => {
  assert.equal(t.kind, "postgres");
  const { team, secret } = await invitedTeam("twice@example.test");
  const p = pausingAfterInvitationRead(t.db);
  const first = settle(acceptInvitation(p.db, secret, { newAccount: { name: "First", password: "long enough" } }));
  const pid = await p.paused;
  const second = settle(acceptInvitation(t.db, secret, { newAccount: { name: "Second", password: "long enough" } }));
  await untilBlocked(admin, pid, 1);
  p.resume();
  const [a, b] = [await first, await second];
  assert.ok(a.ok, `the first failed with ${a.ok ? "" : sqlState(a.error)}`);
  assert.ok(!b.ok && b.error instanceof InvitationUnusableError && b.error.state === "accepted", `the second: ${b.ok ? "joined too" : sqlState(b.error)}`);
  assert.equal(await t.db.membership.count({ where: { teamId: team.id, emailNormalized: "twice@example.test" } }), 1);
  assert.equal((await t.db.user.findUniqueOrThrow({ where: { emailNormalized: "twice@example.test" } })).name, "First");
});

// Found by review: someone with an invitation link they saw accepting "as a new person" for an
// address whose password-less account is in no team, while another team adds that address. The
// add read "no password" (nothing to close) before the acceptance set one, and the acceptance
// read "in no team" before the add committed: the new password reached the other team. The
// acceptance now locks the account first, so one of them sees the other.
it("accepting as a new person while another team adds the address: the new password never reaches that team", async () => {
  const email = `ceo@new-person-race-${Date.now()}.test`;
  const beta = await createTeam(t.db);
  const eveM = await createMember(t.db, beta.id, { role: "OWNER" });
  const eve = owner(eveM.userId);
  const added = await addMember(t.db, { teamId: beta.id, email, source: "MANUAL" }, eve);
  await removeMember(t.db, { teamId: beta.id, membershipId: added.id }, eve);
  const { secret } = await createInvitation(t.db, { teamId: beta.id, email, role: "MEMBER" }, eve);
  const acme = await createTeam(t.db);

  // Held at the account's row: the acceptance waits there while acme's add goes through.
  const gate = heldTransaction(t.db, (tx) => tx.$queryRaw`SELECT id FROM "User" WHERE id = ${added.userId} FOR NO KEY UPDATE`);
  await gate.held;
  let settled = false;
  const acceptance = acceptInvitation(t.db, secret, { newAccount: { name: "Not The CEO", password: "eve's password" } }).then(
    () => "accepted",
    (e: unknown) => (e instanceof AccountExistsError ? "must sign in" : Promise.reject(e)),
  ).finally(() => (settled = true));
  await untilBlocked(admin, await gate.pid, 1, () => settled);
  await addMember(t.db, { teamId: acme.id, email, source: "SCIM", userName: email }, okta);
  gate.release();
  await gate.committed;
  assert.equal(await acceptance, "must sign in", "the account is in a team now: the acceptance asks to sign in");
  const proof = await verifyCredentials(t.db, email, "eve's password");
  const reaches = proof.ok && (await loadSessionUser(t.db, { userId: proof.user.id, sessionId: await startSession(t.db, { userId: proof.user.id, method: "password", maxAgeSeconds: 3600 }) }))?.memberships.some((m) => m.teamId === acme.id);
  assert.equal(reaches || false, false);
});
