import { isUniqueViolation } from "../db/errors";
import { holdsStanding } from "../audit/standing";
import { directQueryFor } from "../db/direct-query";
import type { Actor } from "../audit/actor";
import { auditActor, nextAuditTime, recordAudit } from "../audit/record-audit";
import type { Prisma } from "../db/generated/client";
import { endTeamSessions } from "../sessions/end-team-sessions";
import { DuplicateMemberError, MemberNotFoundError } from "./errors";
import { countActiveOwners, lockTeam } from "./lock-team";
import { isEmail, normalizeEmail } from "./normalize";
import { withdrawPasswordLinks } from "./unproven-account";
import { lockPersonForAddressMove } from "./lock-person";
import { planMemberUpdate, type MemberChanges, type MemberChangesFrom, type SignInEmailMove, type UpdateOptions, type UpdateReads } from "./plan-member-update";
import { updateMemberInOneStatement } from "./update-member-in-one-statement";
import { touchGroupsOf } from "./touch-members";
import { highestRole } from "../groups/role-precedence";
import { memberInclude, type Db, type MemberWithUser, type Tx } from "./types";

export type { MemberChanges, MemberChangesFrom, UpdateOptions } from "./plan-member-update";

export type UpdateOutcome = { member: MemberWithUser; changed: boolean };

/**
 * The one writer for an existing membership: profile, role and status change together, at once
 * or not at all (a SCIM PUT or multi-operation PATCH is all-or-nothing). The
 * version (ETag) moves and audit events are written only for what really changed.
 */
export async function updateMember(
  db: Db,
  target: { teamId: string; membershipId: string },
  changes: MemberChanges | MemberChangesFrom,
  actor: Actor,
  options: UpdateOptions = {},
): Promise<UpdateOutcome> {
  // What an IdP's update usually is, in one statement (update-member-in-one-statement.ts); what
  // that does not write, in a transaction. Not within a caller's transaction (joinTransaction),
  // which must hold the change itself: only a client of its own has the direct path. Nor for a
  // person's write, which holds their standing (lib/audit/standing.ts).
  if (directQueryFor(db) && !holdsStanding(actor)) {
    const outcome = await updateMemberInOneStatement(db, target, changes, actor, options);
    if (outcome) return outcome;
  }
  try {
    return await db.$transaction(async (tx) => {
      await lockTeam(tx, target.teamId, actor);
      return updateMemberInTx(tx, target, changes, actor, options);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateMemberError(typeof changes === "function" ? "" : (changes.userName ?? changes.email ?? ""));
    throw e;
  }
}

/**
 * The same, inside a caller's transaction that already holds the team lock (lockTeam): group role
 * recomputation composes one per member, under the one lock its group write took.
 */
export async function updateMemberInTx(
  tx: Tx,
  { teamId, membershipId }: { teamId: string; membershipId: string },
  changesOrFrom: MemberChanges | MemberChangesFrom,
  actor: Actor,
  options: UpdateOptions,
): Promise<UpdateOutcome> {
  const current = await tx.membership.findFirst({ where: { id: membershipId, teamId }, include: memberInclude });
  if (!current) throw new MemberNotFoundError();
  const plan = await planMemberUpdate(current, changesOrFrom, actor, options, readsIn(tx, teamId));
  if (!plan) return { member: current, changed: false };

  // Without `include`: Prisma would read the row again with its person after the UPDATE, one more
  // round trip under the team lock. The person is in hand, or comes back from its own update.
  const user = Object.keys(plan.user).length > 0 ? await tx.user.update({ where: { id: current.userId }, data: plan.user }) : current.user;
  if (plan.user.emailNormalized !== undefined) await withdrawPasswordLinks(tx, current.userId, "all");
  const updated = await tx.membership.update({
    where: { id: current.id },
    data: { ...plan.membership, version: { increment: 1 }, updatedAt: new Date() },
  });
  const member: MemberWithUser = { ...updated, user };
  if (plan.touchesGroups) await touchGroupsOf(tx, teamId, current.id);
  if (plan.endsSessions) await endTeamSessions(tx, { teamId, userId: current.userId });
  for (const { action, details } of plan.audits) {
    await recordAudit(tx, { teamId, actor, action, target: { type: "member", id: member.id, label: member.email }, details });
  }
  return { member, changed: true };
}

/**
 * One change each for many members of a team, inside a caller's transaction that holds the team
 * lock: a role-mapped group's members joining or leaving it, or its mapping changed
 * (lib/groups/recompute-roles.ts). Each is decided as updateMemberInTx decides it, from the
 * members read in one statement; what those changes are, a role and its source, is written by
 * one statement per distinct change and one for all their audit events, not three statements per
 * member (a group is thousands of people, and every write of the team waits for this). An owner,
 * someone becoming one, and any change writing more than the member's columns go one at a time
 * through updateMemberInTx: the last-owner count must see the writes before it. A refusal `skip`
 * accepts leaves that member as they are; any other fails the whole.
 */
export async function updateMembersInTx(
  tx: Tx,
  teamId: string,
  changesById: ReadonlyMap<string, MemberChanges>,
  actor: Actor,
  options: Pick<UpdateOptions, "fromGroupMapping">,
  skip: (refusal: unknown) => boolean = () => false,
): Promise<void> {
  if (changesById.size === 0) return;
  const members = await tx.membership.findMany({ where: { teamId, id: { in: [...changesById.keys()] } }, include: memberInclude, orderBy: { id: "asc" } });
  const reads = readsIn(tx, teamId);
  const together = new Map<string, { ids: string[]; data: Record<string, unknown> }>();
  const audits: Prisma.AuditEventCreateManyInput[] = [];
  for (const current of members) {
    const changes = changesById.get(current.id)!;
    try {
      if (current.role === "OWNER" || changes.role === "OWNER") {
        await updateMemberInTx(tx, { teamId, membershipId: current.id }, changes, actor, options);
        continue;
      }
      const plan = await planMemberUpdate(current, changes, actor, options, reads);
      if (!plan) continue;
      if (Object.keys(plan.user).length > 0 || plan.endsSessions || plan.touchesGroups) {
        await updateMemberInTx(tx, { teamId, membershipId: current.id }, changes, actor, options);
        continue;
      }
      const key = JSON.stringify(plan.membership);
      const same = together.get(key) ?? together.set(key, { ids: [], data: plan.membership }).get(key)!;
      same.ids.push(current.id);
      for (const { action, details } of plan.audits) {
        audits.push({ teamId, ...auditActor(actor), action, targetType: "member", targetId: current.id, targetLabel: current.email, details, createdAt: nextAuditTime() });
      }
    } catch (e) {
      if (!skip(e)) throw e;
    }
  }
  const now = new Date();
  for (const { ids, data } of together.values()) {
    await tx.membership.updateMany({ where: { teamId, id: { in: ids } }, data: { ...data, version: { increment: 1 }, updatedAt: now } });
  }
  if (audits.length > 0) await tx.auditEvent.createMany({ data: audits });
}

/** What a decision reads, in the transaction that holds the team lock. */
const readsIn = (tx: Tx, teamId: string): UpdateReads => ({
  releasedRole: (current) => releasedRole(tx, current),
  userNameTaken: async (normalized) =>
    !!(await tx.membership.findUnique({ where: { teamId_userNameNormalized: { teamId, userNameNormalized: normalized } }, select: { id: true } })),
  signInEmailMove: (current, email) => signInEmailMove(tx, current, email),
  otherActiveOwners: (current) => countActiveOwners(tx, teamId, current.id),
});

/** The role a member falls back to when the IdP stops deciding it (role-precedence.ts, rules 2–3). */
async function releasedRole(tx: Tx, current: MemberWithUser): Promise<Pick<MemberChanges, "role" | "roleSource">> {
  const [team, groups] = await Promise.all([
    tx.team.findUniqueOrThrow({ where: { id: current.teamId }, select: { defaultRole: true } }),
    tx.groupMember.findMany({ where: { membershipId: current.id, group: { mappedRole: { not: null } } }, select: { group: { select: { mappedRole: true } } } }),
  ]);
  const fromGroups = highestRole(groups.map((g) => g.group.mappedRole!));
  return fromGroups ? { role: fromGroups, roleSource: "GROUP" } : { role: team.defaultRole, roleSource: "DEFAULT" };
}

/**
 * When the IdP changes a member's email, the person's sign-in address follows only if nothing
 * else depends on it: this is their one membership, and the new address is valid and nobody
 * else's. Otherwise one team's directory must not rename an account other teams share.
 */
async function signInEmailMove(tx: Tx, current: MemberWithUser, email: string): Promise<SignInEmailMove> {
  if (!isEmail(email) || current.user.emailNormalized === null) return {};
  const normalized = normalizeEmail(email);
  if (normalized === current.user.emailNormalized) return { email };
  // Before the count: another team adding the account meanwhile holds its row (lock-person.ts),
  // so the count below, a statement of its own after the lock, sees that team once it commits.
  await lockPersonForAddressMove(tx, current.userId);
  const [memberships, owner] = await Promise.all([
    tx.membership.count({ where: { userId: current.userId } }),
    tx.user.findUnique({ where: { emailNormalized: normalized }, select: { id: true } }),
  ]);
  // Nobody has proved the new address: its account's password does not follow it into a team that
  // adds that address later (unproven-account.ts).
  return memberships === 1 && !owner ? { email, emailNormalized: normalized, emailVerifiedAt: null } : {};
}
