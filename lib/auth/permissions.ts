import type { Role } from "../db/generated/enums";

// Who may do what, as data. Server checks and UI hints both read this table; a role it does
// not list (or no role) can do nothing.
export const PERMISSIONS = {
  "members.read": { description: "See the team's members", roles: ["OWNER", "ADMIN", "MEMBER"] },
  "members.write": { description: "Add, deactivate, reactivate and remove members", roles: ["OWNER", "ADMIN"] },
  "members.change_role": { description: "Change members' roles", roles: ["OWNER", "ADMIN"] },
  "members.export": { description: "Download the member list as CSV", roles: ["OWNER", "ADMIN"] },
  "members.grant_owner": { description: "Make someone an owner, or change an owner's role", roles: ["OWNER"] },
  "scim.manage": { description: "Create and revoke SCIM tokens", roles: ["OWNER", "ADMIN"] },
  "saml.manage": { description: "Configure SAML single sign-on", roles: ["OWNER", "ADMIN"] },
  "groups.manage": { description: "Map groups to roles", roles: ["OWNER", "ADMIN"] },
  "audit.read": { description: "Read the audit and SCIM request logs", roles: ["OWNER", "ADMIN"] },
  "invitations.manage": { description: "Invite people by email; resend and revoke invitations", roles: ["OWNER", "ADMIN"] },
  "members.reset_password": { description: "Make a link for a member to set a new password", roles: ["OWNER", "ADMIN"] },
  "team.settings": { description: "Rename the team, change its URL name and default role", roles: ["OWNER", "ADMIN"] },
  "team.transfer_ownership": { description: "Hand the Owner role to another member", roles: ["OWNER"] },
  "team.delete": { description: "Delete the team", roles: ["OWNER"] },
} as const satisfies Record<string, { description: string; roles: readonly Role[] }>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}
