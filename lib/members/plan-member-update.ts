// What a change of an existing membership writes, decided from the member as it is: the columns,
// the person's sign-in address, the audit events, and whether the team's sessions end. Both
// writers use it: the transaction under the team lock (update-member.ts) and the one statement
// that writes only if the member is still at the version it was decided from
// (update-member-in-one-statement.ts). What it must read beyond the member comes through `reads`.
import type { MembershipStatus, Role, RoleSource } from "../db/generated/enums";
import type { Prisma } from "../db/generated/client";
import type { Actor } from "../audit/actor";
import type { AuditAction } from "../audit/actions";
import { DuplicateMemberError, InvalidMemberInputError, LastOwnerError, ScimManagedError, VersionMismatchError } from "./errors";
import { normalizeEmail, normalizeUserName } from "./normalize";
import { breaksLastOwnerRule } from "./owner-rule";
import { assertOwnerAuthority, mayManageOwners } from "./owner-authority";
import { groupMemberDisplay, PROFILE_TEXT_FIELDS, readProfileLists, sameLists, type ProfileChanges } from "./profile";
import type { MemberWithUser } from "./types";

/** What the person's row takes when a member's email changes: nothing, the address's case, or a new address nobody proved yet. */
export type SignInEmailMove = { email?: string; emailNormalized?: string; emailVerifiedAt?: null };

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
  releaseRole?: true | "unless_owner";
  status?: MembershipStatus;
};

/**
 * What to change, worked out from the member as it is when the change is written (under the team
 * lock, or at the version it was read at): a SCIM PATCH applies its operations to that state, so
 * concurrent PATCHes all apply instead of racing.
 */
export type MemberChangesFrom = (current: MemberWithUser) => MemberChanges;

export type UpdateOptions = {
  /** If-Match: fail unless the member is still at this version. */
  expectedVersion?: number;
  /** A consequence of a group mapping an admin changed, not an edit of this member: skip the IdP locks. */
  fromGroupMapping?: boolean;
  /**
   * The member as the caller has just read it in this team (SCIM reads it in the token's
   * statement), to decide from without reading it again. A write decided from a stale one fails
   * its version check, and a decision to write nothing is made again from a fresh read; the
   * transaction always reads the member under its lock.
   */
  current?: MemberWithUser;
};

/** What a decision may need to read besides the member. */
export type UpdateReads = {
  /** The role the member falls back to when the IdP stops deciding it. */
  releasedRole(current: MemberWithUser): Promise<Pick<MemberChanges, "role" | "roleSource">>;
  userNameTaken(normalized: string): Promise<boolean>;
  /** The person's new sign-in address, when it may follow the team's (update-member.ts). */
  signInEmailMove(current: MemberWithUser, email: string): Promise<SignInEmailMove>;
  otherActiveOwners(current: MemberWithUser): Promise<number>;
};

export type UpdatePlan = {
  /** Membership columns to set (MEMBERSHIP_WRITABLE), besides the version and updatedAt. */
  membership: Record<string, unknown>;
  /** The person's columns to set: empty unless their sign-in address follows. */
  user: Record<string, unknown>;
  /** In order; each targets the member. */
  audits: { action: AuditAction; details?: Prisma.InputJsonValue }[];
  /** Deactivated: the person's sessions for the team end (endTeamSessions). */
  endsSessions: boolean;
  /** The name the member's groups show for them changes: those groups' version moves (touchGroupsOf). */
  touchesGroups: boolean;
};

/** Every Membership column a change may set. */
export const MEMBERSHIP_WRITABLE = [
  "userName",
  "userNameNormalized",
  "email",
  "emailNormalized",
  "externalId",
  ...PROFILE_TEXT_FIELDS,
  "profileLists",
  "role",
  "roleSource",
  "source",
  "status",
  "deactivatedAt",
] as const;

const MEMBERSHIP_PROFILE = ["userName", "email", "externalId", ...PROFILE_TEXT_FIELDS] as const;

/** The plan for `changesOrFrom` applied to `current`, or null when nothing would change. Throws what the change is refused for. */
export async function planMemberUpdate(
  current: MemberWithUser,
  changesOrFrom: MemberChanges | MemberChangesFrom,
  actor: Actor,
  options: UpdateOptions,
  reads: UpdateReads,
): Promise<UpdatePlan | null> {
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw new VersionMismatchError();
  }
  const changes = typeof changesOrFrom === "function" ? changesOrFrom(current) : { ...changesOrFrom };
  // "unless_owner": a PUT that states the role as none keeps an owner's (releasing it could only be
  // refused, by the owner rules, and would fail the whole PUT, its deactivation included).
  const releasing = changes.releaseRole === true || (changes.releaseRole === "unless_owner" && current.role !== "OWNER");
  if (releasing && changes.role === undefined && current.roleSource === "SCIM") {
    Object.assign(changes, await reads.releasedRole(current));
  }

  const membershipData: Record<string, unknown> = {};
  let userData: Record<string, unknown> = {};
  const changedFields: string[] = [];

  for (const key of MEMBERSHIP_PROFILE) {
    const next = changes[key];
    if (next === undefined || next === current[key]) continue;
    if (key === "userName") {
      const userName = (next ?? "").trim();
      if (!userName) throw new InvalidMemberInputError("userName must not be empty");
      if (userName === current.userName) continue;
      const normalized = normalizeUserName(userName);
      if (normalized !== current.userNameNormalized && (await reads.userNameTaken(normalized))) throw new DuplicateMemberError(userName);
      membershipData.userName = userName;
      membershipData.userNameNormalized = normalized;
    } else if (key === "email") {
      const email = (next ?? "").trim();
      if (!email) throw new InvalidMemberInputError("email must not be empty");
      if (email === current.email) continue;
      membershipData.email = email;
      membershipData.emailNormalized = normalizeEmail(email);
      // An owner's sign-in address is their account: moved by an actor who may not change
      // owners (an admin's SCIM token), a password reset would hand the owner's account to
      // whoever reads the new address. The team's directory still takes the address.
      if (current.role !== "OWNER" || mayManageOwners(actor)) userData = { ...userData, ...(await reads.signInEmailMove(current, email)) };
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
  // (an IdP deactivating a member is the common write, and a count needs the team lock).
  if ((role || status) && current.role === "OWNER" && current.status === "ACTIVE") {
    const after = { role: role ?? current.role, status: status ?? current.status };
    if (breaksLastOwnerRule(current, after, await reads.otherActiveOwners(current))) throw new LastOwnerError();
  }

  // Someone added by hand or by SSO whom the IdP writes to (Okta links people on import, then
  // pushes them) is from now on the IdP's to manage, like anyone SCIM created: the UI locks them.
  // Not an owner through a token that may not manage owners: that would lock the owner against
  // the team's owners in the UI while the token itself may not change them either.
  const linkToScim =
    actor.type === "scim" && !options.fromGroupMapping && current.source !== "SCIM" && (current.role !== "OWNER" || mayManageOwners(actor));

  if (changedFields.length === 0 && !role && !status && !roleSourceChanged && !linkToScim) return null;

  const audits: UpdatePlan["audits"] = [];
  if (linkToScim) audits.push({ action: "member.linked_to_scim", details: { from: current.source } });
  if (changedFields.length > 0) audits.push({ action: "member.profile_updated", details: { fields: changedFields } });
  if (role) audits.push({ action: "member.role_changed", details: { from: current.role, to: role } });
  if (status) audits.push({ action: status === "DEACTIVATED" ? "member.deactivated" : "member.reactivated" });

  return {
    membership: {
      ...membershipData,
      ...(role && { role }),
      ...(roleSourceChanged && { roleSource }),
      ...(linkToScim && { source: "SCIM" as const }),
      ...(status && { status, deactivatedAt: status === "DEACTIVATED" ? new Date() : null }),
    },
    user: userData,
    audits,
    endsSessions: status === "DEACTIVATED",
    touchesGroups: groupMemberDisplay({ ...current, ...membershipData }) !== groupMemberDisplay(current),
  };
}
