import { can } from "@/lib/auth/permissions";
import type { MembershipSource, MembershipStatus, Role, RoleSource } from "@/lib/db/generated/enums";

// What the signed-in person may do to one member, and why not, decided once on the server so the
// page can explain a lock up front. The actions and the domain layer enforce the same rules again;
// this only spares people a refusal they could have been told about.

export type ControlTarget = { id: string; role: Role; status: MembershipStatus; source: MembershipSource; roleSource: RoleSource };
export type Viewer = { membershipId: string; role: Role };

export type MemberControls = {
  role: { options: Role[]; locked: string | null };
  status: { locked: string | null };
  remove: { locked: string | null; warning: string | null };
};

export const OWNER_ONLY = "Only owners can change, deactivate or remove an owner.";
export const LAST_OWNER = "This is the team's last active owner. Make someone else an owner first.";
export const SELF = "You can't deactivate or remove yourself. Ask another owner or admin.";
export const SCIM_STATUS =
  "Provisioned by your identity provider (SCIM): deactivate or reactivate this person there, by unassigning or assigning the app. A change here would be overwritten at the next sync.";
export const IDP_ROLE: Record<"SCIM" | "GROUP", string> = {
  SCIM: "The role comes from your identity provider's role attribute (SCIM); change it there.",
  GROUP: "The role comes from a group mapped to a role (see Groups); change the mapping or the person's groups in your identity provider.",
};
export const SCIM_REMOVE_WARNING = "Provisioned by SCIM: unassign them in your identity provider too, or it may add them back.";

/** Roles the viewer may hand out: only owners may grant OWNER. */
export function assignableRoles(viewerRole: Role): Role[] {
  return can(viewerRole, "members.grant_owner") ? ["OWNER", "ADMIN", "MEMBER"] : ["ADMIN", "MEMBER"];
}

export function memberControls(viewer: Viewer, m: ControlTarget, activeOwners: number): MemberControls {
  const ownerLock = m.role === "OWNER" && !can(viewer.role, "members.grant_owner") ? OWNER_ONLY : null;
  const lastOwner = m.role === "OWNER" && m.status === "ACTIVE" && activeOwners <= 1 ? LAST_OWNER : null;
  const self = m.id === viewer.membershipId ? SELF : null;
  const idpRole = m.roleSource === "SCIM" || m.roleSource === "GROUP" ? IDP_ROLE[m.roleSource] : null;
  const scimStatus = m.source === "SCIM" ? SCIM_STATUS : null;
  return {
    role: {
      options: assignableRoles(viewer.role),
      locked: can(viewer.role, "members.change_role") ? (ownerLock ?? idpRole ?? lastOwner) : "You can't change roles.",
    },
    status: {
      locked: can(viewer.role, "members.write") ? (ownerLock ?? self ?? scimStatus ?? (m.status === "ACTIVE" ? lastOwner : null)) : "You can't change members.",
    },
    remove: {
      locked: can(viewer.role, "members.write") ? (ownerLock ?? self ?? lastOwner) : "You can't remove members.",
      warning: scimStatus ? SCIM_REMOVE_WARNING : null,
    },
  };
}
