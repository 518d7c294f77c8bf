import type { MemberListItem } from "@/lib/members/list-members";
import type { Role } from "@/lib/db/generated/enums";
import { ui } from "@/components/ui";
import { DataTable, type Column } from "@/components/data-table";
import { MEMBERS_TABLE_ID } from "./members-table-id";
import { formatDateTime, memberName } from "../../_lib/format";
import { memberControls } from "../_lib/member-controls";
import { profileFacts } from "../_lib/profile-facts";
import type { MemberSort, SortDirection } from "@/lib/members/member-sort";
import { SelectAllMembers } from "./bulk-actions";
import { MemberRows } from "./member-rows";
import { SortHeader } from "./sort-header";

// The members table. The header is server-rendered; the rows are drawn by a client component
// (member-rows.tsx) from plain values plus what the viewer may do, decided here on the server.
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
      <MemberRows
        slug={slug}
        rows={members.map((m) => ({
          id: m.id,
          name: memberName(m),
          email: m.email,
          role: m.role,
          roleSource: m.roleSource,
          status: m.status,
          source: m.source,
          lastSignIn: m.lastLoginAt && { iso: m.lastLoginAt.toISOString(), text: formatDateTime(m.lastLoginAt) },
          self: m.id === viewer.membershipId,
          manage: canManage ? { profile: profileFacts(m), controls: memberControls(viewer, m, activeOwners) } : null,
        }))}
      />
    </DataTable>
  );
}
