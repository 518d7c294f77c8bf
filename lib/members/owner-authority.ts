// Who may touch the Owner role. In the UI only owners may (members.grant_owner, checked by the
// server actions). Admins can create SCIM tokens, so without this rule an admin could make anyone,
// themselves included, an owner through SCIM. A token therefore acts with its creator's authority:
// one an admin created may provision admins and members freely, but may not grant the Owner role
// or change, deactivate, reactivate or remove an owner. Profile updates of owners stay allowed
// (IdPs sync names for everyone). Checked here, in the domain layer, so SCIM users, groups and
// role-mapped groups all obey it.
import type { Actor } from "../audit/actor";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { OwnerAuthorityError } from "./errors";

export function mayManageOwners(actor: Actor): boolean {
  return actor.type !== "scim" || actor.mayManageOwners;
}

/** `before`: the member as it is (null when adding); `after`: role and status as they would be (null when removing). */
export function assertOwnerAuthority(
  actor: Actor,
  before: { role: Role; status: MembershipStatus } | null,
  after: { role: Role; status: MembershipStatus } | null,
): void {
  if (mayManageOwners(actor)) return;
  const grantsOwner = after?.role === "OWNER" && before?.role !== "OWNER";
  const touchesOwner = before?.role === "OWNER" && (after === null || after.role !== "OWNER" || after.status !== before.status);
  if (grantsOwner || touchesOwner) throw new OwnerAuthorityError();
}
