// A session entering a team (enterTeam, the first request of getTeamContext) racing the team's
// deletion or the member's deactivation: enterTeam reads the active membership, then records the
// entry. Forced here by pausing it right after that read while the other write commits. The
// request must then be answered as for a team the person is not in, not fail with a foreign-key
// error (an error page), and leave no SessionTeamEntry of a team that no longer exists.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { enterTeam, loadSessionUser } from "./session-user";
import { startSession } from "../sessions/start-session";
import { deleteTeam } from "../teams/delete-team";
import { deactivateMember } from "../members/lifecycle";
import type { Db } from "../members/types";
import { pausingAfter } from "../testing/pause-after";

/** `db`, but enterTeam stops once it has read the membership, until `then` has run. */
const pausingMembershipFindFirst = (db: Db, then: () => Promise<void>) => pausingAfter(db, "membership", "findFirst", then);

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function signedInMember() {
  const team = await createTeam(t.db);
  await createMember(t.db, team.id, { role: "OWNER" });
  const member = await createMember(t.db, team.id, { role: "MEMBER" });
  // A second team keeps the session's person signed in after the first is gone.
  const other = await createTeam(t.db);
  await createMember(t.db, other.id, { email: member.user.email! });
  const sessionId = await startSession(t.db, { userId: member.userId, method: "password", maxAgeSeconds: 3600 });
  const user = await loadSessionUser(t.db, { userId: member.userId, sessionId });
  assert.ok(user);
  return { team, member, user, sessionId };
}

it("entering a team deleted right after the membership was read is answered as not found, with nothing left behind", async () => {
  const { team, user, sessionId } = await signedInMember();
  const db = pausingMembershipFindFirst(t.db, () => deleteTeam({ db: t.db, removeSsoConnections: async () => {} }, { teamId: team.id, confirmSlug: team.slug }, testActor));
  const entry = await enterTeam(db, user, team.slug).then((e) => e, (e: unknown) => e);
  assert.ok(!(entry instanceof Error), `failed with ${String(entry)}`);
  assert.deepEqual(entry, { ok: false, reason: "not_found" });
  assert.equal(await t.db.sessionTeamEntry.count({ where: { sessionId, teamId: team.id } }), 0, "no entry of a deleted team");
});

it("entering a team where the member was deactivated right after the read records no sign-in and is refused", async () => {
  const { team, member, user, sessionId } = await signedInMember();
  const db = pausingMembershipFindFirst(t.db, async () => void (await deactivateMember(t.db, { teamId: team.id, membershipId: member.id }, testActor)));
  const entry = await enterTeam(db, user, team.slug);
  assert.equal(entry.ok, false);
  assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.login", targetId: member.id } }), 0, "no sign-in recorded after the deactivation");
  assert.equal(await t.db.sessionTeamEntry.count({ where: { sessionId, teamId: team.id } }), 0);
});
