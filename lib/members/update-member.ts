import type { MembershipStatus, Role, RoleSource } from "../db/generated/enums";
import { isUniqueViolation } from "../db/errors";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { endTeamSessions } from "../sessions/end-team-sessions";
import {
  DuplicateMemberError,
  InvalidMemberInputError,
  LastOwnerError,
  MemberNotFoundError,
  ScimManagedError,
  VersionMismatchError,
} from "./errors";
import { countOtherActiveOwners, lockTeam } from "./lock-team";
import { isEmail, normalizeEmail, normalizeUserName } from "./normalize";
import { breaksLastOwnerRule } from "./owner-rule";
import { assertOwnerAuthority, mayManageOwners } from "./owner-authority";
import { PROFILE_TEXT_FIELDS, readProfileLists, sameLists, type ProfileChanges } from "./profile";
import { highestRole } from "../groups/role-precedence";
import { memberInclude, type Db, type MemberWithUser, type Tx } from "./types";

/** Attributes a change may set; absent keys are left as they are (a profile update keeps the role). */
export type MemberChanges = ProfileChanges & {
  userName?: string;
  /** The primary email: the team's view, and the sign-in address while nothing else depends on it. */
  email?: string;
  externalId?: string | null;
  role?: Role;
  /** Who decided the role (see RoleSource in the schema); defaults to MANUAL when a role is given. */
  roleSource?: RoleSource;
  /**
   * The IdP stops deciding the role (SCIM `remove roles`): it falls back to what comes next in the
   * precedence, the highest role-mapped group, else the team default.
   */
  releaseRole?: true;
  status?: MembershipStatus;
};

/**
 * What to change, worked out from the member as it is once the team lock is held: a SCIM PATCH
 * applies its operations to that state, so concurrent PATCHes all apply instead of racing.
 */
export type MemberChangesFrom = (current: MemberWithUser) => MemberChanges;

export type UpdateOutcome = { member: MemberWithUser; changed: boolean };

export type UpdateOptions = {
  /** If-Match: fail unless the member is still at this version. */
  expectedVersion?: number;
  /** A consequence of a group mapping an admin changed, not an edit of this member: skip the IdP locks. */
  fromGroupMapping?: boolean;
};

const MEMBERSHIP_PROFILE = ["userName", "email", "externalId", ...PROFILE_TEXT_FIELDS] as const;

/**
 * The one writer for an existing membership: profile, role and status change together, in one
 * transaction, or not at all (a SCIM PUT or multi-operation PATCH is all-or-nothing). The
 * version (ETag) moves and audit events are written only for what really changed.
 */
export async function updateMember(
  db: Db,
  target: { teamId: string; membershipId: string },
  changes: MemberChanges | MemberChangesFrom,
  actor: Actor,
  options: UpdateOptions = {},
): Promise<UpdateOutcome> {
  try {
    return await db.$transaction(async (tx) => {
      await lockTeam(tx, target.teamId);
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
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw new VersionMismatchError();
  }
  const changes = typeof changesOrFrom === "function" ? changesOrFrom(current) : changesOrFrom;
  if (changes.releaseRole && changes.role === undefined && current.roleSource === "SCIM") {
    Object.assign(changes, await releasedRole(tx, current));
  }

  const membershipData: Record<string, unknown> = {};
  const userData: Record<string, unknown> = {};
  const changedFields: string[] = [];

  for (const key of MEMBERSHIP_PROFILE) {
    const next = changes[key];
    if (next === undefined || next === current[key]) continue;
    if (key === "userName") {
      const userName = (next ?? "").trim();
      if (!userName) throw new InvalidMemberInputError("userName must not be empty");
      if (userName === current.userName) continue;
      const normalized = normalizeUserName(userName);
      if (normalized !== current.userNameNormalized) {
        const taken = await tx.membership.findUnique({
          where: { teamId_userNameNormalized: { teamId, userNameNormalized: normalized } },
          select: { id: true },
        });
        if (taken) throw new DuplicateMemberError(userName);
      }
      membershipData.userName = userName;
      membershipData.userNameNormalized = normalized;
    } else if (key === "email") {
      const email = (next ?? "").trim();
      if (!email) throw new InvalidMemberInputError("email must not be empty");
      if (email === current.email) continue;
      membershipData.email = email;
      membershipData.emailNormalized = normalizeEmail(email);
      Object.assign(userData, await signInEmailMove(tx, current, email));
    } else {
      membershipData[key] = next;
    }
    changedFields.push(key);
  }

  if (changes.profileLists !== undefined && !sameLists(changes.profileLists, readProfileLists(current.profileLists))) {
    membershipData.profileLists = changes.profileLists;
    changedFields.push("profileLists");
  }

  const role = changes.role !== undefined && changes.role !== current.role ? changes.role : undefined;
  const status = changes.status !== undefined && changes.status !== current.status ? changes.status : undefined;
  assertOwnerAuthority(actor, current, { role: role ?? current.role, status: status ?? current.status });
  const roleSource = changes.role !== undefined ? (changes.roleSource ?? "MANUAL") : undefined;
  // Who decides an owner's role is not for a token that may not change it (owner-authority.ts).
  const roleSourceChanged = roleSource !== undefined && roleSource !== current.roleSource && (current.role !== "OWNER" || mayManageOwners(actor));

  // People edit SCIM-managed members' profile and status in the IdP; a local edit would be
  // silently overwritten at its next sync, so the UI is refused up front.
  const uiEdit = actor.type === "user" && !options.fromGroupMapping;
  if (uiEdit && current.source === "SCIM" && (changedFields.length > 0 || status)) {
    throw new ScimManagedError(status ? "Status" : "Profile");
  }
  // A role the IdP decides (its role attribute, or a role-mapped group) is locked the same way.
  if (uiEdit && role && (current.roleSource === "SCIM" || current.roleSource === "GROUP")) {
    throw new ScimManagedError("Role");
  }

  // Only an active owner's change can leave the team without one: no count for anyone else
  // (an IdP deactivating a member is the common write, and this runs under the team lock).
  if ((role || status) && current.role === "OWNER" && current.status === "ACTIVE") {
    const after = { role: role ?? current.role, status: status ?? current.status };
    const others = await countOtherActiveOwners(tx, teamId, current.id);
    if (breaksLastOwnerRule(current, after, others)) throw new LastOwnerError();
  }

  // Someone added by hand or by SSO whom the IdP writes to (Okta links people on import, then
  // pushes them) is from now on the IdP's to manage, like anyone SCIM created: the UI locks them.
  // Not an owner through a token that may not manage owners: that would lock the owner against
  // the team's owners in the UI while the token itself may not change them either.
  const linkToScim =
    actor.type === "scim" && !options.fromGroupMapping && current.source !== "SCIM" && (current.role !== "OWNER" || mayManageOwners(actor));

  if (changedFields.length === 0 && !role && !status && !roleSourceChanged && !linkToScim) return { member: current, changed: false };

  // Without `include`: Prisma would read the row again with its person after the UPDATE, one more
  // round trip under the team lock. The person is in hand, or comes back from its own update.
  const user = Object.keys(userData).length > 0 ? await tx.user.update({ where: { id: current.userId }, data: userData }) : current.user;
  const updated = await tx.membership.update({
    where: { id: current.id },
    data: {
      ...membershipData,
      ...(role && { role }),
      ...(roleSourceChanged && { roleSource }),
      ...(linkToScim && { source: "SCIM" as const }),
      ...(status && { status, deactivatedAt: status === "DEACTIVATED" ? new Date() : null }),
      version: { increment: 1 },
      updatedAt: new Date(),
    },
  });
  const member: MemberWithUser = { ...updated, user };
  if (status === "DEACTIVATED") await endTeamSessions(tx, { teamId, userId: current.userId });

  const targetRef = { type: "member", id: member.id, label: member.email };
  if (linkToScim) {
    await recordAudit(tx, { teamId, actor, action: "member.linked_to_scim", target: targetRef, details: { from: current.source } });
  }
  if (changedFields.length > 0) {
    await recordAudit(tx, { teamId, actor, action: "member.profile_updated", target: targetRef, details: { fields: changedFields } });
  }
  if (role) {
    await recordAudit(tx, { teamId, actor, action: "member.role_changed", target: targetRef, details: { from: current.role, to: role } });
  }
  if (status) {
    const action = status === "DEACTIVATED" ? "member.deactivated" : "member.reactivated";
    await recordAudit(tx, { teamId, actor, action, target: targetRef });
  }
  return { member, changed: true };
}

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
async function signInEmailMove(tx: Tx, current: MemberWithUser, email: string): Promise<Record<string, string>> {
  if (!isEmail(email) || current.user.emailNormalized === null) return {};
  const normalized = normalizeEmail(email);
  if (normalized === current.user.emailNormalized) return { email };
  const [memberships, owner] = await Promise.all([
    tx.membership.count({ where: { userId: current.userId } }),
    tx.user.findUnique({ where: { emailNormalized: normalized }, select: { id: true } }),
  ]);
  return memberships === 1 && !owner ? { email, emailNormalized: normalized } : {};
}
