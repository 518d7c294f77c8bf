import type { MembershipStatus, Role } from "../db/generated/enums";

// Who may do what, as data. Server checks and UI hints both read this table; a principal it does
// not list (or none) can do nothing. Principals are team roles, and SETUP_LINK: the holder of an
// SSO setup link (lib/saml/setup-links.ts), the customer's IT admin without an account, who may
// configure the team's SSO connections and domains and create a SCIM token, and nothing else.
export type Principal = Role | "SETUP_LINK";

export const PERMISSIONS = {
  "members.read": { description: "See the team's members", roles: ["OWNER", "ADMIN", "MEMBER"] },
  "members.write": { description: "Add, deactivate, reactivate and remove members", roles: ["OWNER", "ADMIN"] },
  "members.change_role": { description: "Change members' roles", roles: ["OWNER", "ADMIN"] },
  "members.export": { description: "Download the member list as CSV", roles: ["OWNER", "ADMIN"] },
  "members.grant_owner": { description: "Make someone an owner, or change an owner's role", roles: ["OWNER"] },
  "scim.manage": { description: "Create and revoke SCIM tokens", roles: ["OWNER", "ADMIN"] },
  "sso.keep_password": { description: "Keep signing in with a password where the team requires SSO: a way back in when the IdP is broken", roles: ["OWNER"] },
  "saml.manage": { description: "Configure single sign-on: sign-in rules, Require SSO, test sign-ins", roles: ["OWNER", "ADMIN"] },
  "sso.connections.write": { description: "Add, edit and remove SSO connections and email domains", roles: ["OWNER", "ADMIN", "SETUP_LINK"] },
  "sso.setup_links.manage": { description: "Create and revoke SSO setup links for the customer's IT admin", roles: ["OWNER"] },
  "sso.domains.verify_manually": { description: "Mark an email domain verified without its DNS record, where the server allows it", roles: ["OWNER"] },
  "scim.tokens.create": { description: "Create a SCIM token (shown once)", roles: ["OWNER", "ADMIN", "SETUP_LINK"] },
  "groups.manage": { description: "Map groups to roles", roles: ["OWNER", "ADMIN"] },
  "audit.read": { description: "Read the audit and SCIM request logs", roles: ["OWNER", "ADMIN"] },
  "invitations.manage": { description: "Invite people by email; resend and revoke invitations", roles: ["OWNER", "ADMIN"] },
  "members.reset_password": { description: "Make a link for a member to set a new password", roles: ["OWNER", "ADMIN"] },
  "team.settings": { description: "Rename the team, change its URL name and default role", roles: ["OWNER", "ADMIN"] },
  "team.transfer_ownership": { description: "Hand the Owner role to another member", roles: ["OWNER"] },
  "team.delete": { description: "Delete the team", roles: ["OWNER"] },
} as const satisfies Record<string, { description: string; roles: readonly Principal[] }>;

export type Permission = keyof typeof PERMISSIONS;

/** The team roles a permission is given to, for a query that asks who holds it. */
export function rolesWith(permission: Permission): Role[] {
  return (PERMISSIONS[permission].roles as readonly Principal[]).filter((p): p is Role => p !== "SETUP_LINK");
}

export function can(role: Principal | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission].roles as readonly Principal[]).includes(role);
}

/**
 * Whether a membership (or none) holds `permission` now: active, and its role given it. What an
 * invitation, an admin's reset link or an SSO setup link asks of its maker on every use: it was
 * checked when made, but a maker since removed, deactivated or demoted must not act through it.
 */
export function memberCan(member: { role: Role; status: MembershipStatus } | null | undefined, permission: Permission): boolean {
  return !!member && member.status === "ACTIVE" && can(member.role, permission);
}
