// What a PATCH changed, as domain changes. The PATCH flow maps the resource before and after
// applyPatch with fromScimUser/fromScimGroup and passes only the difference on. Passing the
// whole "after" would re-assert what the IdP never sent: above all the role, which toScimUser
// always renders, so a PATCH of `active` alone would re-stamp a group-derived role as
// IdP-decided (roleSource SCIM) and lock it against the group mapping.
import type { GroupChanges } from "../groups/update-group";
import { PROFILE_TEXT_FIELDS, sameLists } from "../members/profile";
import type { MemberChanges } from "../members/update-member";
import type { ScimGroupInput } from "./group-resource";
import { GATEHOUSE_USER_SCHEMA, USER_SCHEMA } from "./constants";
import { writtenKey, type WrittenAttributes } from "./patch";
import { roleFromBody, type ScimUserInput } from "./user-resource";

const SCALARS = ["userName", "email", "externalId", ...PROFILE_TEXT_FIELDS] as const;

/**
 * A POST or PUT: the whole profile as the body states it; role and status only when sent. A role
 * stated as none (null, "", an empty list: unassigned, RFC 7643 §2.5), with no role in the other
 * form, is what `remove` is in a PATCH: the IdP stops deciding it. Left out, it is left alone.
 */
export function userReplaceChanges(input: ScimUserInput): MemberChanges {
  const role = roleFromBody(input);
  const changes: MemberChanges = { profileLists: input.profileLists };
  for (const key of SCALARS) Object.assign(changes, { [key]: input[key] });
  if (role) Object.assign(changes, { role, roleSource: "SCIM" });
  else if (input.roles.extension === null || input.roles.core === null) changes.releaseRole = "unless_owner";
  if (input.status) changes.status = input.status;
  return changes;
}

/**
 * A PATCH: what differs between the resource before and after its operations, and the role the
 * operations stated. `written` (applyPatch's WrittenAttributes) tells a role the PATCH stated
 * from one it merely left as rendered: stated, it is the IdP's decision (roleSource SCIM) even
 * when the member already had it from the team default or a role-mapped group, as a PUT's is.
 */
export function userPatchChanges(before: ScimUserInput, after: ScimUserInput, written: WrittenAttributes = new Set()): MemberChanges {
  const changes: Record<string, unknown> = {};
  for (const key of SCALARS) if (after[key] !== before[key]) changes[key] = after[key];
  if (!sameLists(after.profileLists, before.profileLists)) changes.profileLists = after.profileLists;
  // Both role forms render the same role, so the one whose value moved is the one the PATCH
  // wrote (Entra writes core `roles`, Okta the extension); else the one it wrote the same value
  // to. Removed (null or gone): the IdP stops deciding the role, which falls back to the groups
  // or the team default.
  const moved = (k: "extension" | "core") => (after.roles[k] ?? null) !== (before.roles[k] ?? null);
  const stated = {
    extension: written.has(writtenKey(GATEHOUSE_USER_SCHEMA, "role")),
    core: written.has(writtenKey(USER_SCHEMA, "roles")),
  };
  const form = (["extension", "core"] as const).find(moved) ?? (["extension", "core"] as const).find((k) => stated[k]);
  if (form) {
    // Both stated in one PATCH: the extension's role, as a PUT takes it (roleFromBody). Else a core
    // list naming none of our roles (Entra's msiam_access) undid the extension's role sent beside it.
    const role = (stated.extension && stated.core ? (after.roles.extension ?? after.roles.core) : after.roles[form]) ?? null;
    if (role) Object.assign(changes, { role, roleSource: "SCIM" });
    else changes.releaseRole = true;
  }
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
