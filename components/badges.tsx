import type { MembershipSource, MembershipStatus, Role } from "@/lib/db/generated/enums";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function StatusBadge({ status }: { status: MembershipStatus }) {
  return status === "ACTIVE" ? (
    <span className={`${base} bg-emerald-50 text-emerald-700 ring-emerald-600/20`}>Active</span>
  ) : (
    <span className={`${base} bg-slate-100 text-slate-600 ring-slate-500/20`}>Deactivated</span>
  );
}

export const ROLE_LABELS: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

export function RoleLabel({ role }: { role: Role }) {
  return <span className="text-sm text-slate-700">{ROLE_LABELS[role]}</span>;
}

const SOURCE_LABELS: Record<MembershipSource, string> = { SCIM: "SCIM", SSO: "SSO", MANUAL: "Manual" };

export function SourceBadge({ source }: { source: MembershipSource }) {
  const tone = source === "SCIM" ? "bg-indigo-50 text-indigo-700 ring-indigo-600/20" : "bg-white text-slate-600 ring-slate-300";
  return <span className={`${base} ${tone}`}>{SOURCE_LABELS[source]}</span>;
}
