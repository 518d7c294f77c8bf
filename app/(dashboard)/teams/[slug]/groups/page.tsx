import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getTeamContext } from "@/lib/auth/team-context";
import { listGroups } from "@/lib/groups/list-groups";
import { ROLE_LABELS } from "@/components/badges";
import { Pagination } from "@/components/pagination";
import { ui } from "@/components/ui";
import { DataTable } from "@/components/data-table";
import { formatCount, formatDateTime } from "../_lib/format";
import { assignableRoles } from "../members/_lib/member-controls";
import { GroupRoleForm } from "./_components/group-role-form";

export const metadata: Metadata = { title: "Groups" };

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined) });

export default async function GroupsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  const { page } = querySchema.parse(await searchParams);
  const list = await listGroups(ctx.db, { teamId: ctx.team.id, page });
  const canManage = ctx.can("groups.manage");
  const roles = assignableRoles(ctx.membership.role);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Groups</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Groups your identity provider pushes over SCIM (Okta: Push Groups). Map a group to a role and its members get that role; the highest
          mapped role wins, and such roles are locked on the Manage Team page. Unmapped groups change nobody&rsquo;s role. When the IdP deletes a
          mapped group or removes someone from it, their role is worked out again: the highest of their other mapped groups, else the team&rsquo;s
          default role. Nobody is removed from the team.
        </p>
      </div>
      <section aria-labelledby="groups-heading" className={ui.card}>
        <h2 id="groups-heading" className="sr-only">
          Pushed groups
        </h2>
        <DataTable
          columns={["Group", "Members", "Last change", { label: "Role for its members", className: ui.th.replace("text-left", "text-right") }]}
          empty={list.groups.length === 0 && (list.page > 1 ? "No more groups." : "No groups yet. In Okta, add groups under Push Groups to see them here.")}
        >
          {list.groups.map((g) => (
            <tr key={g.id} data-testid="group-row" data-group={g.displayName}>
              <td className={`${ui.td} font-medium`}>
                <Link href={`/teams/${slug}/groups/${g.id}`} className={`${ui.link} underline`} aria-label={`${g.displayName}: see its members`}>
                  {g.displayName}
                </Link>
                {g.externalId && <span className="ml-2 font-mono text-xs font-normal break-all text-slate-600">{g.externalId}</span>}
              </td>
              <td className={`${ui.td} tabular-nums`}>{formatCount(g.memberCount)}</td>
              <td className={`${ui.td} whitespace-nowrap text-slate-600`}>{formatDateTime(g.updatedAt)}</td>
              <td className={`${ui.td} text-right`}>
                {canManage ? (
                  <GroupRoleForm
                    slug={slug}
                    groupId={g.id}
                    groupName={g.displayName}
                    mappedRole={g.mappedRole}
                    roles={roles}
                    locked={g.mappedRole === "OWNER" && !ctx.can("members.grant_owner") ? "Only owners can change a group that grants Owner." : null}
                  />
                ) : (
                  <span>{g.mappedRole ? ROLE_LABELS[g.mappedRole] : "No role"}</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pagination page={list.page} hasNext={list.hasNext} params={{}} label="Groups pages" />
      </section>
    </div>
  );
}
