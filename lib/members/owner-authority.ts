// Who may touch the Owner role: owners, and what acts with an owner's authority. People are
// checked by the server actions first (members.grant_owner), with messages written for the page;
// this is the rule underneath, in the domain layer, so that every path obeys it: SCIM users and
// groups, and role-mapped groups recomputing roles (an admin must not demote an owner by mapping
// a group that holds one). Admins can create SCIM tokens, so a token acts with its creator's
// authority: one an admin created provisions admins and members freely but may not grant the
// Owner role or change, deactivate, reactivate or remove an owner. Profile updates of owners
// stay allowed (IdPs sync names for everyone), but an owner's sign-in address does not follow
// them (plan-member-update.ts): it is the owner's account. SAML and OIDC logins never manage owners (their
// just-in-time provisioning caps roles at Admin, lib/saml/jit.ts), and the operator's CLI and seed act as the system.
import type { Actor } from "../audit/actor";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { OwnerAuthorityError } from "./errors";

export function mayManageOwners(actor: Actor): boolean {
  if (actor.type === "saml") return false;
  return actor.type === "system" || actor.mayManageOwners;
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
  if (grantsOwner || touchesOwner) throw new OwnerAuthorityError(actor.type === "scim");
}
