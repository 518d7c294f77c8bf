// The role an assertion's values name, read one way for the mapping preview and for JIT. Pure.
import { Role as RoleEnum, type Role } from "../db/generated/enums";
import { highestRole, roleAtMost } from "../groups/role-precedence";

/**
 * Highest role an assertion may set. Anyone who can configure SSO (admins) controls what the IdP
 * asserts, so letting an assertion make owners would let an admin mint owners; owners are made by
 * owners, in Gatehouse.
 */
export const MAX_ASSERTED_ROLE: Role = "ADMIN";

/** Whether a value names a role (owner, admin, member), in any case and padding. */
export const namesRole = (value: string): boolean => (Object.values(RoleEnum) as string[]).includes(value.trim().toUpperCase());

/** The highest role the values name, capped at MAX_ASSERTED_ROLE; null when none names one. */
export function assertedRole(values: readonly string[]): Role | null {
  const best = highestRole(values.filter(namesRole).map((v) => v.trim().toUpperCase() as Role));
  return best && roleAtMost(best, MAX_ASSERTED_ROLE);
}

/** The highest of some roles (a team's role-mapped groups), capped the same way. */
export function cappedRole(roles: readonly Role[]): Role | null {
  const best = highestRole([...roles]);
  return best && roleAtMost(best, MAX_ASSERTED_ROLE);
}
