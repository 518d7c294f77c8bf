import type { Metadata } from "next";
import { getTeamContext } from "@/lib/auth/team-context";
import { listMembers } from "@/lib/members/list-members";
import { listOpenInvitations } from "@/lib/invitations/manage-invitations";
import { mailConfigured } from "@/lib/mail/send-mail";
import { provisioningSummary } from "@/lib/provisioning/summary";
import { Disclosure } from "@/components/disclosure";
import { Pagination } from "@/components/pagination";
import { ui } from "@/components/ui";
import { formatCount, formatDateTime } from "../_lib/format";
import { assignableRoles } from "./_lib/member-controls";
import { listParams, listQuerySchema } from "./_lib/list-query";
import { BulkActions } from "./_components/bulk-actions";
import { AddMemberForm } from "./_components/add-member-form";
import { DomainAccessSection } from "./_components/domain-access-section";
import { InviteForm } from "./_components/invite-form";
import { InvitationsTable } from "./_components/invitations-table";
import { MembersTable } from "./_components/members-table";
import { SearchForm } from "./_components/search-form";
import { StatusFilter } from "./_components/status-filter";

/**
 * Loads the team (request-cached) while the metadata is worked out: for an unknown team the 404
 * then happens there too, and the page gets the not-found page's title, not "Manage Team".
 */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  await getTeamContext((await params).slug);
  return { title: "Manage Team" };
}

export default async function MembersPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  const query = listQuerySchema.parse(await searchParams);
  const list = await listMembers(ctx.db, {
    teamId: ctx.team.id,
    search: query.q || undefined,
    status: query.status,
    role: query.role,
    sort: query.sort,
    dir: query.dir,
    page: query.page,
  });
  const canManage = ctx.can("members.write") || ctx.can("members.change_role");
  const invitations = ctx.can("invitations.manage") ? await listOpenInvitations(ctx.db, ctx.team.id) : [];
  const provisioning = ctx.can("scim.manage") || ctx.can("saml.manage") ? await provisioningSummary(ctx.db, ctx.team.id) : null;
  const first = (list.page - 1) * list.pageSize + 1;
  const last = first + list.members.length - 1;
  const filterParams = listParams(query);
  const exportHref = `/teams/${slug}/members/export?${new URLSearchParams(Object.entries(filterParams).filter((e): e is [string, string] => !!e[1]))}`;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Manage Team</h1>
          <p className="mt-1 text-sm text-slate-600">
            {formatCount(list.counts.ACTIVE)} active · {formatCount(list.counts.DEACTIVATED)} deactivated
          </p>
        </div>
        {!canManage && <p className="rounded-md bg-slate-100 px-3 py-1.5 text-sm text-slate-600">Read-only: only owners and admins can change members.</p>}
      </div>

      <DomainAccessSection
        slug={slug}
        teamId={ctx.team.id}
        canManageScim={ctx.can("scim.manage")}
        canManageSaml={ctx.can("saml.manage")}
        summary={provisioning}
      />

      {ctx.can("invitations.manage") && (
        <Disclosure showLabel="Invite people" hideLabel="Hide invite people">
          <div className={`${ui.card} p-4`}>
            <InviteForm slug={slug} roles={assignableRoles(ctx.membership.role)} mailConfigured={mailConfigured()} />
          </div>
        </Disclosure>
      )}

      {ctx.can("members.write") && (
        <Disclosure showLabel="Add member" hideLabel="Hide add member">
          <div className={`${ui.card} p-4`}>
            <AddMemberForm slug={slug} roles={assignableRoles(ctx.membership.role)} />
          </div>
        </Disclosure>
      )}

      {invitations.length > 0 && (
        <section aria-labelledby="invitations-heading" className={ui.card}>
          <div className="border-b border-slate-200 p-4">
            <h2 id="invitations-heading" className="text-lg font-semibold">
              Invited
            </h2>
            <p className="mt-1 text-sm text-slate-600">Not members until they accept. The SCIM API does not list them.</p>
          </div>
          <InvitationsTable
            slug={slug}
            canManage={ctx.can("invitations.manage")}
            rows={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, invitedBy: i.invitedBy, expires: formatDateTime(i.expiresAt), expired: i.expired, withdrawn: i.withdrawn }))}
          />
        </section>
      )}

      <section aria-labelledby="members-heading" className={ui.card}>
        <div className="space-y-4 border-b border-slate-200 p-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="members-heading" className="text-lg font-semibold">
              Members
            </h2>
            <div className="flex flex-wrap items-center gap-3">
              <StatusFilter counts={list.counts} current={query.status} params={filterParams} />
              {ctx.can("members.export") && (
                <a href={exportHref} download className={ui.small}>
                  Export CSV
                </a>
              )}
            </div>
          </div>
          <SearchForm q={query.q} role={query.role} status={query.status} sort={query.sort} dir={query.dir} />
          {canManage && list.members.length > 0 && (
            <BulkActions slug={slug} roles={ctx.can("members.change_role") ? assignableRoles(ctx.membership.role) : []} canWrite={ctx.can("members.write")} />
          )}
          {/* With no match at all, the table's own empty row says so: the sentence is not repeated here. */}
          <p className="text-sm text-slate-600" aria-live="polite">
            {list.members.length > 0 ? `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(list.total)}` : list.total > 0 ? "No members on this page." : ""}
          </p>
        </div>
        <MembersTable
          members={list.members}
          viewer={{ membershipId: ctx.membership.id, role: ctx.membership.role }}
          activeOwners={list.activeOwners}
          slug={slug}
          canManage={canManage}
          sorting={{ sort: list.sort, dir: list.dir }}
          params={filterParams}
        />
        <Pagination page={list.page} pageCount={list.pageCount} hasNext={list.page < list.pageCount} params={filterParams} label="Members pages" />
      </section>

    </div>
  );
}
