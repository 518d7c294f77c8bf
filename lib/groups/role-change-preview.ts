import type { Actor } from "../audit/actor";
import type { Role, RoleSource } from "../db/generated/enums";
import { mayManageOwners } from "../members/owner-authority";
import { roleFromGroups } from "./role-precedence";

export type PreviewMember = { role: Role; roleSource: RoleSource; otherMappedRoles: Role[] };
export type RoleChangeCount = { from: Role; to: Role; count: number };

/**
 * How many of a group's members would get another role if the group were mapped to `role` (null:
 * no mapping), by the same precedence setGroupRole applies (role-precedence.ts). Pure. A change
 * that would demote the team's last active owner is still counted: the write then skips it.
 */
export function roleChangesForMapping(members: PreviewMember[], role: Role | null, teamDefault: Role): RoleChangeCount[] {
  const counts = new Map<string, RoleChangeCount>();
  for (const m of members) {
    const mapped = role ? [...m.otherMappedRoles, role] : m.otherMappedRoles;
    const decision = roleFromGroups(m, mapped, teamDefault);
    if (!decision || decision.role === m.role) continue;
    const key = `${m.role}>${decision.role}`;
    const entry = counts.get(key) ?? { from: m.role, to: decision.role, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

/**
 * The changes `actor` may not make (lib/members/owner-authority.ts: granting the Owner role or
 * changing an owner). Saving a mapping with any of them is refused as a whole, so the preview
 * says so rather than promise them. Pure.
 */
export function refusedOwnerChanges(changes: RoleChangeCount[], actor: Actor): RoleChangeCount[] {
  if (mayManageOwners(actor)) return [];
  return changes.filter((c) => c.from === "OWNER" || c.to === "OWNER");
}
