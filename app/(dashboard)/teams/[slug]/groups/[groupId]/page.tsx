import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getTeamContext } from "@/lib/auth/team-context";
import { listGroupMembers } from "@/lib/groups/list-group-members";
import { RoleLabel, ROLE_LABELS, StatusBadge } from "@/components/badges";
import { DataTable } from "@/components/data-table";
import { Pagination } from "@/components/pagination";
import { ui } from "@/components/ui";
import { formatCount, memberName } from "../../_lib/format";

export const metadata: Metadata = { title: "Group members" };

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined) });

/** One pushed group and who is in it, so an admin can see whom a role mapping reaches. */
export default async function GroupPage({ params, searchParams }: { params: Promise<{ slug: string; groupId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, groupId } = await params;
  const ctx = await getTeamContext(slug);
  const { page } = querySchema.parse(await searchParams);
  const list = z.uuid().safeParse(groupId).success ? await listGroupMembers(ctx.db, { teamId: ctx.team.id, groupId, page }) : null;
  if (!list) notFound();
  const { group } = list;
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/teams/${slug}/groups`} className={`${ui.link} text-sm`}>
          ← Groups
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{group.displayName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {formatCount(list.total)} {list.total === 1 ? "member" : "members"} ·{" "}
          {group.mappedRole ? `its members get the ${ROLE_LABELS[group.mappedRole]} role` : "sets no role"}
          {group.externalId && <span className="ml-2 font-mono text-xs text-slate-600">{group.externalId}</span>}
        </p>
      </div>
      <section aria-labelledby="group-members-heading" className={ui.card}>
        <h2 id="group-members-heading" className="sr-only">
          Members of {group.displayName}
        </h2>
        <DataTable caption={`Members of ${group.displayName}`} columns={["Name", "Email", "Role", "Status"]} empty={list.members.length === 0 && "Nobody is in this group."}>
          {list.members.map((m) => (
            <tr key={m.id} data-testid="group-member-row" data-email={m.email}>
              <td className={`${ui.td} font-medium`}>{memberName(m)}</td>
              <td className={`${ui.td} break-all`}>{m.email}</td>
              <td className={ui.td}>
                <RoleLabel role={m.role} />
              </td>
              <td className={ui.td}>
                <StatusBadge status={m.status} />
              </td>
            </tr>
          ))}
        </DataTable>
        <Pagination page={list.page} pageCount={list.pageCount} hasNext={list.page < list.pageCount} params={{}} label="Group member pages" />
      </section>
    </div>
  );
}
