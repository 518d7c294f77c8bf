import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getTeamContext } from "@/lib/auth/team-context";
import { listMembers } from "@/lib/members/list-members";
import { RoleLabel, SourceBadge, StatusBadge } from "@/components/badges";

export const metadata: Metadata = { title: "Manage Team" };

// Unknown or malformed filters are ignored rather than failing the page.
const querySchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  status: z.enum(["ACTIVE", "DEACTIVATED"]).optional().catch(undefined),
  role: z.enum(["OWNER", "ADMIN", "MEMBER"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  const query = querySchema.parse(await searchParams);
  const list = await listMembers(ctx.db, { teamId: ctx.team.id, search: query.q, status: query.status, role: query.role, page: query.page });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Manage Team</h1>
        <p className="mt-1 text-sm text-slate-600">
          {list.counts.ACTIVE} active · {list.counts.DEACTIVATED} deactivated
        </p>
      </div>

      <section aria-labelledby="members-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <h2 id="members-heading" className="sr-only">
          Members
        </h2>
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-4 py-3">Name</th>
                <th scope="col" className="px-4 py-3">Email</th>
                <th scope="col" className="px-4 py-3">Role</th>
                <th scope="col" className="px-4 py-3">Status</th>
                <th scope="col" className="px-4 py-3">Source</th>
                <th scope="col" className="px-4 py-3">Last sign-in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.members.map((m) => (
                <tr key={m.id} data-testid="member-row" data-email={m.user.email} className={m.status === "DEACTIVATED" ? "bg-slate-50/60 text-slate-500" : ""}>
                  <td className="px-4 py-3 font-medium">{displayName(m)}</td>
                  <td className="px-4 py-3">{m.user.email}</td>
                  <td className="px-4 py-3"><RoleLabel role={m.role} /></td>
                  <td className="px-4 py-3"><StatusBadge status={m.status} /></td>
                  <td className="px-4 py-3"><SourceBadge source={m.source} /></td>
                  <td className="px-4 py-3 text-slate-600">{m.lastLoginAt ? dateFormat.format(m.lastLoginAt) : "Never"}</td>
                </tr>
              ))}
              {list.members.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-4 py-10 text-center text-slate-500">No members match.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {list.pageCount > 1 && (
          <nav aria-label="Pagination" className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm">
            <span>Page {list.page} of {list.pageCount}</span>
            <span className="flex gap-3">
              {list.page > 1 && <Link href={`?page=${list.page - 1}`} className="text-brand-600 hover:underline">Previous</Link>}
              {list.page < list.pageCount && <Link href={`?page=${list.page + 1}`} className="text-brand-600 hover:underline">Next</Link>}
            </span>
          </nav>
        )}
      </section>
    </div>
  );
}

function displayName(m: { displayName: string | null; user: { name: string | null; givenName: string | null; familyName: string | null; email: string } }) {
  return m.displayName ?? m.user.name ?? ([m.user.givenName, m.user.familyName].filter(Boolean).join(" ") || m.user.email);
}
