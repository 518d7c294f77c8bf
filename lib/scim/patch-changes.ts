// What a PATCH changed, as domain changes. The PATCH flow maps the resource before and after
// applyPatch with fromScimUser/fromScimGroup and passes only the difference on. Passing the
// whole "after" would re-assert what the IdP never sent: above all the role, which toScimUser
// always renders, so a PATCH of `active` alone would re-stamp a group-derived role as
// IdP-decided (roleSource SCIM) and lock it against the group mapping.
import type { GroupChanges } from "../groups/update-group";
import type { MemberChanges } from "../members/update-member";
import type { ScimGroupInput } from "./group-resource";
import type { ScimUserInput } from "./user-resource";

const PROFILE = ["userName", "email", "externalId", "displayName", "name", "givenName", "familyName"] as const;

export function userPatchChanges(before: ScimUserInput, after: ScimUserInput): MemberChanges {
  const changes: Record<string, unknown> = {};
  for (const key of PROFILE) if (after[key] !== before[key]) changes[key] = after[key];
  // A PATCH that drops the role (remove roles) leaves it as it is, as a PUT without one does.
  if (after.role !== undefined && after.role !== before.role) Object.assign(changes, { role: after.role, roleSource: "SCIM" });
  if (after.status !== undefined && after.status !== before.status) changes.status = after.status;
  return changes as MemberChanges;
}

/** `before` must come from a group loaded with its members, or member changes cannot be told. */
export function groupPatchChanges(before: ScimGroupInput, after: ScimGroupInput): GroupChanges {
  const changes: GroupChanges = {};
  if (after.displayName !== before.displayName) changes.displayName = after.displayName;
  if (after.externalId !== before.externalId) changes.externalId = after.externalId;
  if (after.memberIds !== undefined) {
    if (before.memberIds === undefined) throw new Error("groupPatchChanges: load the group with its members before patching");
    const was = new Set(before.memberIds);
    const changed = after.memberIds.length !== was.size || after.memberIds.some((id) => !was.has(id));
    if (changed) changes.memberIds = after.memberIds;
  }
  return changes;
}
