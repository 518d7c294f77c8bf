import type { Permission } from "@/lib/auth/permissions";

// The team navigation as data: each entry is shown only to those with its permission.
const NAV: { path: string; label: string; permission: Permission }[] = [
  // Named as the customer guides name the page ("navigate to the Manage Team page").
  { path: "members", label: "Manage Team", permission: "members.read" },
  { path: "groups", label: "Groups", permission: "members.read" },
  { path: "audit", label: "Audit log", permission: "audit.read" },
  { path: "sso", label: "SSO", permission: "saml.manage" },
  { path: "settings", label: "Settings", permission: "team.settings" },
];

export function navItems(slug: string, can: (p: Permission) => boolean) {
  return NAV.filter((n) => can(n.permission)).map((n) => ({ href: `/teams/${slug}/${n.path}`, label: n.label }));
}
