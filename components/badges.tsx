import type { MembershipSource, MembershipStatus, Role, RoleSource } from "@/lib/db/generated/enums";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function StatusBadge({ status }: { status: MembershipStatus }) {
  return status === "ACTIVE" ? (
    <span className={`${base} bg-emerald-50 text-emerald-700 ring-emerald-600/20`}>Active</span>
  ) : (
    <span className={`${base} bg-slate-100 text-slate-600 ring-slate-500/20`}>Deactivated</span>
  );
}

export const ROLE_LABELS: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

const ROLES_HIGHEST_FIRST: Role[] = ["OWNER", "ADMIN", "MEMBER"];

/** `<option>`s for the roles in `roles`, highest first; `current` stays listed so a select can show it. */
export function RoleOptions({ roles, current }: { roles: readonly Role[]; current?: Role | null }) {
  return ROLES_HIGHEST_FIRST.filter((r) => roles.includes(r) || r === current).map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
}

export function RoleLabel({ role }: { role: Role }) {
  return <span className="text-sm text-slate-700">{ROLE_LABELS[role]}</span>;
}

const SOURCE_LABELS: Record<MembershipSource, string> = { SCIM: "SCIM", SSO: "SSO", MANUAL: "Manual" };

export function SourceBadge({ source }: { source: MembershipSource }) {
  const tone = source === "SCIM" ? "bg-indigo-50 text-indigo-700 ring-indigo-600/20" : "bg-white text-slate-600 ring-slate-300";
  return <span className={`${base} ${tone}`}>{SOURCE_LABELS[source]}</span>;
}

/** Marks a role the identity provider decides (its role attribute, or a role-mapped group). */
export function IdpRoleMark({ roleSource }: { roleSource: RoleSource }) {
  if (roleSource !== "SCIM" && roleSource !== "GROUP") return null;
  const text = roleSource === "GROUP" ? "via group" : "via IdP";
  return (
    <span className="ml-1.5 text-xs text-slate-500" title="Set by your identity provider; change it there">
      <LockIcon />
      {text}
    </span>
  );
}

export function LockIcon({ className = "mr-0.5 inline h-3 w-3 -translate-y-px" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" fill="currentColor" className={className}>
      <path d="M5 7V5a3 3 0 1 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z" />
    </svg>
  );
}
