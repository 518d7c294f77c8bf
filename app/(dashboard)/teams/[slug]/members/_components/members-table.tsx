import type { MemberListItem } from "@/lib/members/list-members";
import type { Role } from "@/lib/db/generated/enums";
import { IdpRoleMark, RoleLabel, SourceBadge, StatusBadge } from "@/components/badges";
import { ui } from "@/components/ui";
import { formatDateTime, memberName } from "../../_lib/format";
import { memberControls } from "../_lib/member-controls";
import { ManageMember } from "./manage-member";

// The members table. Server-rendered; only the per-row "Manage" dialog is a client component,
// and it receives plain values plus what the viewer may do (decided here, on the server).
export function MembersTable({
  members,
  viewer,
  activeOwners,
  slug,
  canManage,
}: {
  members: MemberListItem[];
  viewer: { membershipId: string; role: Role };
  activeOwners: number;
  slug: string;
  canManage: boolean;
}) {
  const columns = canManage ? 7 : 6;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Team members</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={ui.th}>Name</th>
            <th scope="col" className={ui.th}>Email</th>
            <th scope="col" className={ui.th}>Role</th>
            <th scope="col" className={ui.th}>Status</th>
            <th scope="col" className={ui.th}>Source</th>
            <th scope="col" className={`${ui.th} whitespace-nowrap`}>Last sign-in</th>
            {canManage && (
              <th scope="col" className={ui.th}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => {
            const name = memberName(m);
            const self = m.id === viewer.membershipId;
            const deactivated = m.status === "DEACTIVATED";
            return (
              <tr key={m.id} data-testid="member-row" data-email={m.email} className={deactivated ? "bg-slate-50/70 text-slate-500" : ""}>
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
                      member={{ id: m.id, name, email: m.email, role: m.role, status: m.status, source: m.source }}
                      controls={memberControls(viewer, m, activeOwners)}
                    />
                  </td>
                )}
              </tr>
            );
          })}
          {members.length === 0 && (
            <tr>
              <td colSpan={columns} className="px-4 py-12 text-center text-slate-500">
                No members match these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
