import type { MemberListItem } from "@/lib/members/list-members";
import type { Role } from "@/lib/db/generated/enums";
import { IdpRoleMark, RoleLabel, SourceBadge, StatusBadge } from "@/components/badges";
import { ui } from "@/components/ui";
import { DataTable, type Column } from "@/components/data-table";
import { MEMBERS_TABLE_ID } from "./members-table-id";
import { formatDateTime, memberName } from "../../_lib/format";
import { memberControls } from "../_lib/member-controls";
import { profileFacts } from "../_lib/profile-facts";
import type { MemberSort, SortDirection } from "@/lib/members/member-sort";
import { BULK_FORM_ID } from "../_lib/bulk-form";
import { SelectAllMembers } from "./bulk-actions";
import { ManageMember } from "./manage-member";
import { SortHeader } from "./sort-header";

// The members table. Server-rendered; only the per-row "Manage" dialog is a client component,
// and it receives plain values plus what the viewer may do (decided here, on the server).
export function MembersTable({
  members,
  viewer,
  activeOwners,
  slug,
  canManage,
  sorting,
  params,
}: {
  members: MemberListItem[];
  viewer: { membershipId: string; role: Role };
  activeOwners: number;
  slug: string;
  canManage: boolean;
  sorting: { sort: MemberSort; dir: SortDirection };
  params: Record<string, string | undefined>;
}) {
  const sortable = (label: string, column: MemberSort, className?: string): Column => ({
    label,
    className,
    content: <SortHeader label={label} column={column} current={sorting} params={params} />,
    sort: sorting.sort === column ? (sorting.dir === "asc" ? "ascending" : "descending") : undefined,
  });
  const columns: Column[] = [
    sortable("Name", "name"),
    sortable("Email", "email"),
    sortable("Role", "role"),
    sortable("Status", "status"),
    "Source",
    sortable("Last sign-in", "lastSignIn", `${ui.th} whitespace-nowrap`),
  ];
  if (canManage) columns.unshift({ label: "Select", content: <SelectAllMembers />, className: `${ui.th} w-8` });
  if (canManage) columns.push({ label: "Actions", srOnly: true });
  return (
    <DataTable
      id={MEMBERS_TABLE_ID}
      caption="Team members"
      columns={columns}
      empty={members.length === 0 && "No members match these filters."}
    >
      {members.map((m) => {
        const name = memberName(m);
        const self = m.id === viewer.membershipId;
        const deactivated = m.status === "DEACTIVATED";
        return (
          <tr key={m.id} data-testid="member-row" data-email={m.email} className={deactivated ? "bg-slate-50/70 text-slate-500" : ""}>
            {canManage && (
              <td className={`${ui.td} w-8`}>
                <input type="checkbox" form={BULK_FORM_ID} name="member" value={m.id} aria-label={`Select ${m.email}`} className="h-4 w-4" />
              </td>
            )}
            <td className={`${ui.td} font-medium`}>
              <span className={deactivated ? "line-through decoration-slate-300" : ""}>{name}</span>
              {self && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">You</span>}
            </td>
            <td className={`${ui.td} break-all`}>{m.email}</td>
            <td className={`${ui.td} whitespace-nowrap`}>
              <RoleLabel role={m.role} />
              <IdpRoleMark roleSource={m.roleSource} />
            </td>
            <td className={ui.td}>
              <StatusBadge status={m.status} />
            </td>
            <td className={ui.td}>
              <SourceBadge source={m.source} />
            </td>
            <td className={`${ui.td} whitespace-nowrap text-slate-600`}>
              {m.lastLoginAt ? <time dateTime={m.lastLoginAt.toISOString()}>{formatDateTime(m.lastLoginAt)}</time> : "Never"}
            </td>
            {canManage && (
              <td className={`${ui.td} text-right`}>
                <ManageMember
                  slug={slug}
                  member={{ id: m.id, name, email: m.email, role: m.role, status: m.status, source: m.source, profile: profileFacts(m) }}
                  controls={memberControls(viewer, m, activeOwners)}
                />
              </td>
            )}
          </tr>
        );
      })}
    </DataTable>
  );
}
