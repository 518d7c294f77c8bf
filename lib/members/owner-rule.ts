import type { MembershipStatus, Role } from "../db/generated/enums";

// The one invariant every membership change is checked against: a team always keeps at least
// one ACTIVE OWNER. Pure, so it is unit-tested on its own and shared by every writer.
export type MemberState = { role: Role; status: MembershipStatus };

const isActiveOwner = (s: MemberState) => s.role === "OWNER" && s.status === "ACTIVE";

/**
 * True when changing one member from `before` to `after` (after = null: removed) would leave the
 * team with no active owner. `otherActiveOwners` counts active owners besides this member.
 */
export function breaksLastOwnerRule(before: MemberState, after: MemberState | null, otherActiveOwners: number): boolean {
  if (!isActiveOwner(before)) return false;
  if (after && isActiveOwner(after)) return false;
  return otherActiveOwners === 0;
}
