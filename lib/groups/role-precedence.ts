import type { Role, RoleSource } from "../db/generated/enums";

// Role precedence, in one pure place:
//   1. the IdP's explicit role attribute (roleSource SCIM) always wins;
//   2. otherwise the highest role among the member's role-mapped groups (roleSource GROUP);
//   3. otherwise what an admin set (MANUAL) or the team default (DEFAULT) stays;
//      a member who loses their last mapped group falls back to the team default.
const RANK: Record<Role, number> = { MEMBER: 0, ADMIN: 1, OWNER: 2 };

/** `role`, or `max` when `role` ranks above it. */
export function roleAtMost(role: Role, max: Role): Role {
  return RANK[role] > RANK[max] ? max : role;
}

export function highestRole(roles: Role[]): Role | null {
  return roles.reduce<Role | null>((best, r) => (best === null || RANK[r] > RANK[best] ? r : best), null);
}

export type RoleDecision = { role: Role; roleSource: RoleSource } | null;

/** What a member's role should become after their groups or the groups' mappings changed; null = leave it. */
export function roleFromGroups(
  current: { role: Role; roleSource: RoleSource },
  mappedRoles: Role[],
  teamDefault: Role,
): RoleDecision {
  if (current.roleSource === "SCIM") return null;
  const fromGroups = highestRole(mappedRoles);
  if (fromGroups) {
    return fromGroups === current.role && current.roleSource === "GROUP" ? null : { role: fromGroups, roleSource: "GROUP" };
  }
  if (current.roleSource === "GROUP") return { role: teamDefault, roleSource: "DEFAULT" };
  return null;
}
