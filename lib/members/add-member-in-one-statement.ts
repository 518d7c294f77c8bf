// What an IdP's create usually is, in one statement: a person new to Gatehouse joins a team. As an
// interactive transaction (add-member.ts) it is seven round trips through Prisma, five of them with
// the team locked, and 4.8 ms of CPU per SCIM POST (bench/scim-in-process.ts): every writer of the
// team queued behind it. One statement commits as a whole on its own and holds the team lock only
// while it runs.
//
// Creates of one team that wait for its place in this process together (team-write-queue.ts) go as
// one statement: the team is locked, and the batch committed, once for all of them. Each row is
// decided as it would be alone; when the statement fails whole (a userName two of them share, a
// value PostgreSQL refuses), each create is run again alone, in order (one-statement.ts).
//
// It does only that case, and adds nothing otherwise: the caller then runs the transaction, which
// decides everything else (an existing person, an open invitation, a duplicate userName, a missing
// authority, a SCIM token revoked while the create waited, and the order in which those are refused).
import { Prisma } from "../db/generated/client";
import { queryPrepared } from "../db/statement-names";
import { queueCombinedTeamWrite, type Combined } from "./team-write-queue";
import { NOW_UTC, WRITES_AT_ONCE, writeTogetherOrAlone } from "./one-statement";
import type { Actor } from "../audit/actor";
import { auditActor } from "../audit/record-audit";
import type { AddMemberInput } from "./add-member";
import { normalizeEmail, normalizeUserName } from "./normalize";
import { assertOwnerAuthority, mayManageOwners } from "./owner-authority";
import { scimTokenOf } from "./lock-team";
import { newMembershipProfile, PROFILE_TEXT_FIELDS } from "./profile";
import { memberFromJson, personFromJson } from "./member-from-json";
import type { Db, MemberWithUser } from "./types";

type NewPerson = AddMemberInput & { email: string; userName: string };
type Create = { db: Db; input: NewPerson; actor: Actor; emailNormalized: string; userNameNormalized: string };
type Written = { member: Record<string, unknown>; person: Record<string, unknown> };
type Row = Written & { i: number };

/**
 * The new member with their new person, or null when this is not that case (nothing written but
 * the team's membership epoch, which retires page cursors early: harmless, and rare).
 */
export async function addNewPersonInOneStatement(db: Db, input: NewPerson, actor: Actor): Promise<MemberWithUser | null> {
  if (input.role) {
    try {
      assertOwnerAuthority(actor, null, { role: input.role, status: input.status ?? "ACTIVE" });
    } catch {
      return null;
    }
    // An owner made by an owner's authority: the transaction checks it still holds (lock-team.ts).
    if (input.role === "OWNER" && actor.type !== "system") return null;
  }
  const create = { db, input, actor, emailNormalized: normalizeEmail(input.email), userNameNormalized: normalizeUserName(input.userName) };
  // Made into a member here, in this caller's own promise, not in the batch's: a row that could
  // not be read would otherwise fail every caller of a batch that has committed.
  const written = await queueCombinedTeamWrite(input.teamId, COMBINED_CREATES, create);
  return written && memberFromJson(written.member, personFromJson(written.person));
}

// A team lives in one database, so a team's batch has one Db.
const COMBINED_CREATES: Combined<Create, Written | null> = {
  kind: "create",
  atMost: WRITES_AT_ONCE,
  // Two creates of one address or one userName would fail the statement whole (or leave the
  // second to the transaction anyway): the second waits for the next batch instead.
  conflicts: (batch, create) => batch.some((b) => b.emailNormalized === create.emailNormalized || b.userNameNormalized === create.userNameNormalized),
  write: writeTogetherOrAlone(createTogether),
};

const COLUMNS_IN = [
  `i int`, `"userId" text`, `email text`, `"emailNormalized" text`, `"passwordHash" text`, `role text`, `"mayManageOwners" boolean`,
  `"checkInvitation" boolean`, `"membershipId" text`, `"roleSource" text`, `status text`, `source text`, `"userName" text`,
  `"userNameNormalized" text`, `"externalId" text`, ...PROFILE_TEXT_FIELDS.map((f) => `"${f}" text`), `"profileLists" jsonb`,
  `"auditId" text`, `"actorType" text`, `"actorUserId" text`, `"actorLabel" text`, `"tokenId" text`,
].join(", ");
const PROFILE_COLUMNS = PROFILE_TEXT_FIELDS.map((f) => `"${f}"`).join(", ");
const PROFILE_VALUES = PROFILE_TEXT_FIELDS.map((f) => `batch."${f}"`).join(", ");

/** A create as the statement's row: one JSON array carries the batch, so the statement's text is fixed and prepared once. */
function rowOf({ input, actor, emailNormalized, userNameNormalized }: Create, i: number): Record<string, unknown> {
  const status = input.status ?? "ACTIVE";
  const profile = newMembershipProfile(input);
  return {
    i, userId: crypto.randomUUID(), email: input.email, emailNormalized, passwordHash: input.passwordHash ?? null, role: input.role ?? null,
    mayManageOwners: mayManageOwners(actor), checkInvitation: input.source === "SCIM", membershipId: crypto.randomUUID(),
    roleSource: input.role ? (input.roleSource ?? "MANUAL") : "DEFAULT", status, source: input.source, userName: input.userName,
    userNameNormalized, externalId: input.externalId ?? null,
    ...Object.fromEntries(PROFILE_TEXT_FIELDS.map((f) => [f, profile[f]])), profileLists: profile.profileLists,
    auditId: crypto.randomUUID(), ...auditActor(actor), tokenId: scimTokenOf(actor),
  };
}

/** The creates of one team in one statement, each answered in order: its member and person as written, or null when it is not this case. */
async function createTogether(creates: Create[]): Promise<(Written | null)[]> {
  const { db, input } = creates[0]!;
  const rows = await queryPrepared<Row[]>(
    db,
    // The team's row is locked first: the INSERTs read from its CTE. The statement's snapshot
    // predates that lock, so nothing here relies on a plain read of other rows: the people are
    // new (ON CONFLICT sees committed and in-flight rows alike, so a new person has no
    // membership anywhere), uniqueness is the indexes' (the userName check below only spares a
    // batch the common failure; what it misses, the index refuses), and the invitation check
    // takes a snapshot of its own (migration open_invitation_check).
    Prisma.sql`
    WITH team AS (
      UPDATE "Team" SET "membershipEpoch" = "membershipEpoch" + 1 WHERE id = ${input.teamId}
      RETURNING id, "defaultRole"::text AS "defaultRole", ${NOW_UTC} AS now
    ), batch AS (
      SELECT r.*, COALESCE(r.role, team."defaultRole") AS "memberRole"
        FROM team, json_to_recordset(${JSON.stringify(creates.map(rowOf))}::json) AS r(${Prisma.raw(COLUMNS_IN)})
    ), person AS (
      INSERT INTO "User" (id, email, "emailNormalized", "passwordHash", "createdAt", "updatedAt")
      SELECT batch."userId", batch.email, batch."emailNormalized", batch."passwordHash", team.now, team.now
        FROM team, batch
       WHERE (batch."mayManageOwners" OR batch."memberRole" <> 'OWNER')
         AND NOT (batch."checkInvitation" AND "gatehouse_has_open_invitation"(team.id, batch."emailNormalized"))
         -- A token revoked while the create waited for the team: the transaction refuses it
         -- (lock-team.ts). Its own snapshot too, taken once the team is locked (migration
         -- scim_token_refused_check).
         AND NOT (batch."tokenId" IS NOT NULL AND "gatehouse_scim_token_refused"(team.id, batch."tokenId"))
         -- A userName the team has (as committed when the statement began) is the transaction's
         -- to refuse: without this, one IdP's re-POST would fail its whole batch. A scalar
         -- subquery, an index probe per row: as NOT EXISTS the planner chose an anti-join that
         -- read every membership, and a create cost 2.8 ms of PostgreSQL's CPU instead of 0.4.
         AND (SELECT x.id FROM "Membership" x WHERE x."teamId" = team.id AND x."userNameNormalized" = batch."userNameNormalized") IS NULL
       ORDER BY batch.i
      ON CONFLICT ("emailNormalized") DO NOTHING
      RETURNING *
    ), member AS (
      INSERT INTO "Membership" (id, "teamId", "userId", role, "roleSource", status, source, "userName", "userNameNormalized",
                                email, "emailNormalized", "externalId", ${Prisma.raw(PROFILE_COLUMNS)}, "profileLists", "deactivatedAt", "createdAt", "updatedAt")
      SELECT batch."membershipId", team.id, person.id, batch."memberRole"::"Role", batch."roleSource"::"RoleSource",
             batch.status::"MembershipStatus", batch.source::"MembershipSource", batch."userName", batch."userNameNormalized",
             batch.email, batch."emailNormalized", batch."externalId", ${Prisma.raw(PROFILE_VALUES)}, batch."profileLists",
             CASE WHEN batch.status = 'DEACTIVATED' THEN team.now END, team.now, team.now
        FROM team, batch JOIN person ON person.id = batch."userId"
       ORDER BY batch.i
      RETURNING *
    ), audit AS (
      INSERT INTO "AuditEvent" (id, "teamId", "actorType", "actorUserId", "actorLabel", action, "targetType", "targetId", "targetLabel", details, "createdAt")
      SELECT batch."auditId", member."teamId", batch."actorType", batch."actorUserId", batch."actorLabel",
             'member.added', 'member', member.id, member.email,
             jsonb_build_object('role', member.role, 'status', member.status, 'source', member.source), member."createdAt"
        FROM member JOIN batch ON batch."membershipId" = member.id
    )
    SELECT batch.i, to_jsonb(member) AS member, to_jsonb(person) - 'passwordHash' AS person
      FROM member JOIN person ON person.id = member."userId" JOIN batch ON batch."membershipId" = member.id`,
  );
  const added: (Written | null)[] = creates.map(() => null);
  for (const { i, member, person } of rows) added[i] = { member, person };
  return added;
}
