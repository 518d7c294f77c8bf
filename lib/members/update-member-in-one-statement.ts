// What an IdP's update usually is (Okta's PATCH deactivate, a profile push, Entra ID's PATCH of a
// few attributes) without a transaction: the member is read (or taken as the caller read it: SCIM
// reads it in the token's statement, lib/scim-server/user-by-id.ts), the change decided from it
// (plan-member-update.ts), and one statement writes it only if the member is still at the
// version it was decided from. As a transaction (update-member.ts) it is seven round trips through
// Prisma, five of them with the team locked, and 4.3 ms of CPU per SCIM PATCH
// (bench/scim-in-process.ts): every writer of the team queued behind it.
//
// A decision that needs more than the member (the last owner, a userName someone may have, the
// person's sign-in address, a released role), a refusal, a member changed meanwhile and a SCIM
// token revoked meanwhile write nothing here: the transaction then decides under the team lock, as before.
import { mayManageOwners } from "./owner-authority";
import { Prisma } from "../db/generated/client";
import { NOW_UTC, WRITES_AT_ONCE, writeTogetherOrAlone } from "./one-statement";
import { queryPrepared } from "../db/statement-names";
import { queueCombinedTeamWrite, type Combined } from "./team-write-queue";
import { DB_NOW_UTC } from "../sessions/types";
import type { Actor } from "../audit/actor";
import { auditActor } from "../audit/record-audit";
import { memberFromJson, personFromJson } from "./member-from-json";
import { scimTokenOf } from "./lock-team";
import { MEMBERSHIP_WRITABLE, planMemberUpdate, type MemberChanges, type MemberChangesFrom, type UpdateOptions, type UpdatePlan, type UpdateReads } from "./plan-member-update";
import type { Db, MemberWithUser } from "./types";

type Json = Record<string, unknown>;

class NeedsTransaction extends Error {}
const needsTransaction = (): never => {
  throw new NeedsTransaction();
};
const NO_READS: UpdateReads = {
  releasedRole: needsTransaction,
  userNameTaken: needsTransaction,
  signInEmailMove: needsTransaction,
  otherActiveOwners: needsTransaction,
};

// deactivatedAt is stamped by the statement itself.
const FROM_JSON = MEMBERSHIP_WRITABLE.filter((c) => c !== "deactivatedAt");
const writable = Prisma.join(FROM_JSON.map((c) => Prisma.raw(`"${c}"`)));
const fromChanges = Prisma.join(FROM_JSON.map((c) => Prisma.raw(`r."${c}"`)));

async function readMember(db: Db, target: { teamId: string; membershipId: string }): Promise<MemberWithUser | null> {
  const [row] = await queryPrepared<{ member: Json; person: Json }[]>(
    db,
    Prisma.sql`SELECT to_jsonb(m) AS member, to_jsonb(u) - 'passwordHash' AS person
                 FROM "Membership" m JOIN "User" u ON u.id = m."userId"
                WHERE m.id = ${target.membershipId} AND m."teamId" = ${target.teamId}`,
  );
  return row ? memberFromJson(row.member, personFromJson(row.person)) : null;
}

/** The outcome, or null when the transaction must decide (nothing written). */
export async function updateMemberInOneStatement(
  db: Db,
  target: { teamId: string; membershipId: string },
  changesOrFrom: MemberChanges | MemberChangesFrom,
  actor: Actor,
  options: UpdateOptions,
): Promise<{ member: MemberWithUser; changed: boolean } | null> {
  const hinted = options.current?.id === target.membershipId && options.current.teamId === target.teamId;
  let current = hinted ? options.current! : await readMember(db, target);
  if (!current) return null;
  const decide = async (member: MemberWithUser): Promise<UpdatePlan | null | "transaction"> => {
    try {
      return await planMemberUpdate(member, changesOrFrom, actor, options, NO_READS);
    } catch {
      return "transaction";
    }
  };
  let plan = await decide(current);
  // Nothing to write, decided from the caller's read: no write's version check will vouch for
  // it, and the read may be older than the change (a request's body is read after its token),
  // so it is decided again from the member as it is now.
  if (plan === null && hinted) {
    current = await readMember(db, target);
    if (!current) return null;
    plan = await decide(current);
  }
  if (plan === "transaction") return null;
  // Nothing to write: the member as read is the answer, as the transaction's would be.
  if (!plan) return { member: current, changed: false };
  // A write by an owner's authority (an owner changed, or made): the transaction checks that the
  // authority still holds once it has the team (lock-team.ts). Rare, so not this statement's.
  if (mayManageOwners(actor) && actor.type !== "system" && (current.role === "OWNER" || plan.membership.role === "OWNER")) return null;
  // The person's columns change only through a read (signInEmailMove), which sends the change to
  // the transaction above; should a plan ever carry them otherwise, this statement does not write them.
  if (Object.keys(plan.user).length > 0) return null;

  const written = await queueCombinedTeamWrite(target.teamId, COMBINED_UPDATES, { db, current, plan, actor });
  return written ? { member: memberFromJson(written, current.user), changed: true } : null;
}

type Update = { db: Db; current: MemberWithUser; plan: UpdatePlan; actor: Actor };

// Updates of one team that wait for its place together go as one statement, as creates do
// (add-member-in-one-statement.ts): the team locked, and the batch committed, once. Two updates of
// one member never share a batch: each is decided from the member at one version, and the second
// must see the first's write (it goes to the transaction, as when alone).
const COMBINED_UPDATES: Combined<Update, Json | null> = {
  kind: "update",
  atMost: WRITES_AT_ONCE,
  conflicts: (batch, update) => batch.some((u) => u.current.id === update.current.id),
  write: writeTogetherOrAlone(updateTogether),
};

/** An update as the statement's row: one JSON array carries the batch, so the statement's text is fixed and prepared once. */
function rowOf({ current, plan, actor }: Update, i: number): Json {
  const { deactivatedAt, ...columns } = plan.membership;
  return {
    i, id: current.id, version: current.version, changes: columns,
    deactivatedAt: deactivatedAt === undefined ? "kept" : deactivatedAt === null ? "cleared" : "stamped",
    endsSessions: plan.endsSessions, touchesGroups: plan.touchesGroups, ...auditActor(actor), tokenId: scimTokenOf(actor),
    // In the plan's order; a missing details is NULL, as the transaction writes it.
    audits: plan.audits.map((a) => ({ id: crypto.randomUUID(), action: a.action, details: a.details })),
  };
}

/** The updates of one team in one statement, each answered in order: the member written, or null when it was not at the version decided from. */
async function updateTogether(updates: Update[]): Promise<(Json | null)[]> {
  const { db, current: { teamId } } = updates[0]!;
  const rows = await queryPrepared<{ i: number; member: Json }[]>(
    db,
    // The team's row is locked first (the UPDATE reads from its CTE), then each member's row,
    // written only at the version read: PostgreSQL checks that against the row as committed once
    // it holds it, not against this statement's older snapshot. Timestamps are the statement's,
    // taken once it holds the team lock: a write that waited for another is stamped after it, as
    // the transaction's are.
    Prisma.sql`
    WITH team AS (
      UPDATE "Team" SET "membershipEpoch" = "membershipEpoch" + 1 WHERE id = ${teamId} RETURNING id, ${NOW_UTC} AS now
    ), batch AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(updates.map(rowOf))}::json)
        AS b(i int, id text, version int, changes jsonb, "deactivatedAt" text, "endsSessions" boolean, "touchesGroups" boolean, "actorType" text, "actorUserId" text, "actorLabel" text, audits jsonb, "tokenId" text)
    ), updated AS (
      UPDATE "Membership" m
         SET (${writable}) = (SELECT ${fromChanges} FROM jsonb_populate_record(m, batch.changes) r),
             "deactivatedAt" = CASE batch."deactivatedAt" WHEN 'stamped' THEN team.now WHEN 'cleared' THEN NULL ELSE m."deactivatedAt" END,
             version = m.version + 1, "updatedAt" = team.now
        FROM team, batch
       WHERE m.id = batch.id AND m."teamId" = team.id AND m.version = batch.version
         -- A token revoked while the update waited for the team: the transaction refuses it
         -- (lock-team.ts). A snapshot of its own, taken once the team is locked (it reads team.id).
         AND NOT (batch."tokenId" IS NOT NULL AND "gatehouse_scim_token_refused"(team.id, batch."tokenId"))
      RETURNING m.*
    ), sessions_end AS (
      -- endTeamSessions (lib/sessions/end-team-sessions.ts), for the members written (a person
      -- holds one membership of a team, so each comes once).
      INSERT INTO "TeamAccessRevocation" ("teamId", "userId", "revokedAt")
      SELECT updated."teamId", updated."userId", ${Prisma.raw(DB_NOW_UTC)}
        FROM updated JOIN batch ON batch.id = updated.id WHERE batch."endsSessions"
      ON CONFLICT ("teamId", "userId") DO UPDATE SET "revokedAt" = EXCLUDED."revokedAt"
    ), groups_touched AS (
      -- touchGroupsOf (touch-members.ts), for the members written whose name their groups show.
      UPDATE "Group" g SET version = g.version + 1, "updatedAt" = team.now
        FROM team
       WHERE g."teamId" = team.id AND g.id IN (SELECT gm."groupId" FROM "GroupMember" gm JOIN updated ON updated.id = gm."membershipId"
                        JOIN batch ON batch.id = updated.id WHERE batch."touchesGroups")
    ), audit AS (
      INSERT INTO "AuditEvent" (id, "teamId", "actorType", "actorUserId", "actorLabel", action, "targetType", "targetId", "targetLabel", details, "createdAt")
      SELECT a.id, updated."teamId", batch."actorType", batch."actorUserId", batch."actorLabel",
             a.action, 'member', updated.id, updated.email, a.details,
             -- A millisecond apart, in the plan's order: the member's timeline (ordered by time)
             -- then reads one change's events in the order they were decided.
             updated."updatedAt" + (a.n - 1) * interval '1 millisecond'
        FROM updated JOIN batch ON batch.id = updated.id,
             ROWS FROM (jsonb_to_recordset(batch.audits) AS (id text, action text, details jsonb)) WITH ORDINALITY AS a(id, action, details, n)
    )
    SELECT batch.i, to_jsonb(updated) AS member FROM updated JOIN batch ON batch.id = updated.id`,
  );
  const written: (Json | null)[] = updates.map(() => null);
  for (const row of rows) written[row.i] = row.member;
  return written;
}
