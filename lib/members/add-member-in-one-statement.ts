// What an IdP's create usually is, in one statement: a person new to Gatehouse joins a team. As an
// interactive transaction (add-member.ts) it is seven round trips through Prisma, five of them with
// the team locked, and 4.8 ms of CPU per SCIM POST (bench/scim-in-process.ts): every writer of the
// team queued behind it. One statement commits as a whole on its own and holds the team lock only
// while it runs.
//
// It does only that case, and adds nothing otherwise: the caller then runs the transaction, which
// decides everything else (an existing person, an open invitation, a duplicate userName, a missing
// authority, and the order in which those are refused).
import { Prisma } from "../db/generated/client";
import { queryPrepared } from "../db/statement-names";
import { queueTeamWrite } from "./team-write-queue";
import { leftToTheTransaction, NOW_UTC } from "./one-statement";
import type { Actor } from "../audit/actor";
import type { AddMemberInput } from "./add-member";
import { normalizeEmail, normalizeUserName } from "./normalize";
import { assertOwnerAuthority, mayManageOwners } from "./owner-authority";
import { newMembershipProfile, PROFILE_TEXT_FIELDS } from "./profile";
import { memberFromJson, personFromJson } from "./member-from-json";
import type { Db, MemberWithUser } from "./types";

type Row = { member: Record<string, unknown>; person: Record<string, unknown> };

/**
 * The new member with their new person, or null when this is not that case (nothing written but
 * the team's membership epoch, which retires page cursors early: harmless, and rare).
 */
export async function addNewPersonInOneStatement(
  db: Db,
  input: AddMemberInput & { email: string; userName: string },
  actor: Actor,
): Promise<MemberWithUser | null> {
  if (input.role) {
    try {
      assertOwnerAuthority(actor, null, { role: input.role, status: input.status ?? "ACTIVE" });
    } catch {
      return null;
    }
  }
  const status = input.status ?? "ACTIVE";
  const emailNormalized = normalizeEmail(input.email);
  const profile = newMembershipProfile(input);
  const profileColumns = Prisma.join(PROFILE_TEXT_FIELDS.map((f) => Prisma.raw(`"${f}"`)));
  const profileValues = Prisma.join(PROFILE_TEXT_FIELDS.map((f) => Prisma.sql`${profile[f]}::text`));
  try {
    const rows = await queueTeamWrite(input.teamId, () => queryPrepared<Row[]>(
      db,
      // The team's row is locked first: the INSERTs read from its CTE. The statement's snapshot
      // predates that lock, so nothing here relies on a plain read of other rows: the person is
      // new (ON CONFLICT sees committed and in-flight rows alike, so a new person has no
      // membership anywhere), uniqueness is the indexes', and the invitation check takes a
      // snapshot of its own (migration open_invitation_check).
      Prisma.sql`
      WITH team AS (
        UPDATE "Team" SET "membershipEpoch" = "membershipEpoch" + 1 WHERE id = ${input.teamId}
        RETURNING id, COALESCE(${input.role ?? null}::text, "defaultRole"::text) AS role, ${NOW_UTC} AS now
      ), person AS (
        INSERT INTO "User" (id, email, "emailNormalized", "passwordHash", "createdAt", "updatedAt")
        SELECT ${crypto.randomUUID()}::text, ${input.email}::text, ${emailNormalized}::text, ${input.passwordHash ?? null}::text,
               team.now, team.now
          FROM team
         WHERE (${mayManageOwners(actor)}::boolean OR team.role <> 'OWNER')
           AND NOT (${input.source === "SCIM"}::boolean AND "gatehouse_has_open_invitation"(team.id, ${emailNormalized}::text))
        ON CONFLICT ("emailNormalized") DO NOTHING
        RETURNING *
      ), member AS (
        INSERT INTO "Membership" (id, "teamId", "userId", role, "roleSource", status, source, "userName", "userNameNormalized",
                                  email, "emailNormalized", "externalId", ${profileColumns}, "profileLists", "deactivatedAt", "createdAt", "updatedAt")
        SELECT ${crypto.randomUUID()}::text, team.id, person.id, team.role::"Role", ${input.role ? (input.roleSource ?? "MANUAL") : "DEFAULT"}::"RoleSource",
               ${status}::"MembershipStatus", ${input.source}::"MembershipSource", ${input.userName}::text, ${normalizeUserName(input.userName)}::text,
               ${input.email}::text, ${emailNormalized}::text, ${input.externalId ?? null}::text, ${profileValues}, ${JSON.stringify(profile.profileLists)}::jsonb,
               CASE WHEN ${status === "DEACTIVATED"}::boolean THEN team.now END, team.now, team.now
          FROM team, person
        RETURNING *
      ), audit AS (
        INSERT INTO "AuditEvent" (id, "teamId", "actorType", "actorUserId", "actorLabel", action, "targetType", "targetId", "targetLabel", details, "createdAt")
        SELECT ${crypto.randomUUID()}::text, member."teamId", ${actor.type}::text, ${actor.type === "user" ? actor.userId : null}::text, ${actor.label}::text,
               'member.added', 'member', member.id, member.email,
               jsonb_build_object('role', member.role, 'status', member.status, 'source', member.source), member."createdAt"
          FROM member
      )
      SELECT to_jsonb(member) AS member, to_jsonb(person) - 'passwordHash' AS person FROM member, person`,
    ));
    const row = rows[0];
    if (!row) return null;
    return memberFromJson(row.member, personFromJson(row.person));
  } catch (e) {
    // A userName the team has, a person inserted at the same instant by another path, a value
    // the statement could not take: it undid itself, and the transaction answers.
    if (leftToTheTransaction(e)) return null;
    throw e;
  }
}
