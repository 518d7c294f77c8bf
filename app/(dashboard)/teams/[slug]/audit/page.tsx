import type { Metadata } from "next";
import Link from "next/link";
import { listAuditEvents, listScimRequests } from "@/lib/audit/list-audit";
import { getTeamContext } from "@/lib/auth/team-context";
import { Pagination } from "@/components/pagination";
import { ui } from "@/components/ui";
import { REQUEST_LOG_KEEP } from "@/lib/scim-server/request-log";
import { formatCount } from "../_lib/format";
import { auditFilter, auditFilterParams, auditQuerySchema, type AuditQuery } from "./_lib/query";
import { AuditFilters } from "./_components/audit-filters";
import { EventsTable } from "./_components/events-table";
import { ScimRequestsTable } from "./_components/scim-requests-table";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  if (!ctx.can("audit.read")) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-slate-600">Only owners and admins can read the audit log.</p>
      </div>
    );
  }
  const q = auditQuerySchema.parse(await searchParams);
  const tabs = [
    { view: "events", label: "Events", href: "?" },
    { view: "scim", label: "SCIM requests", href: "?view=scim" },
  ] as const;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">Every change to members, groups, tokens and SSO, and every request your identity provider sent.</p>
      </div>
      <nav aria-label="Log" className="flex gap-1">
        {tabs.map((t) => (
          <Link
            key={t.view}
            href={t.href}
            aria-current={q.view === t.view ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${ui.focus} ${q.view === t.view ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {q.view === "events" ? <Events slug={slug} teamId={ctx.team.id} q={q} db={ctx.db} /> : <Requests teamId={ctx.team.id} slug={slug} q={q} db={ctx.db} />}
    </div>
  );
}

type Q = AuditQuery;
type Db = Awaited<ReturnType<typeof getTeamContext>>["db"];

async function Events({ db, slug, teamId, q }: { db: Db; slug: string; teamId: string; q: Q }) {
  const list = await listAuditEvents(db, { ...auditFilter(teamId, q), page: q.page });
  const params = auditFilterParams(q);
  const exportQuery = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  const first = (list.page - 1) * list.pageSize + 1;
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <section aria-labelledby="events-heading" className={ui.card}>
      <div className="space-y-3 border-b border-slate-200 p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="events-heading" className="text-lg font-semibold">
            Events
          </h2>
          <a href={`/teams/${slug}/audit/export.csv${exportQuery ? `?${exportQuery}` : ""}`} className={ui.small} download>
            Export CSV
          </a>
        </div>
        <AuditFilters q={q} />
        <p className="text-sm text-slate-600" data-testid="audit-total">
          {list.events.length > 0
            ? `Showing ${formatCount(first)}–${formatCount(first + list.events.length - 1)} of ${formatCount(list.total)} ${list.total === 1 ? "event" : "events"}`
            : list.total > 0
              ? `${formatCount(list.total)} events; none on this page.`
              : ""}
        </p>
      </div>
      <EventsTable events={list.events} />
      <Pagination page={list.page} pageCount={pageCount} hasNext={list.hasNext} params={params} label="Event pages" />
    </section>
  );
}

async function Requests({ db, teamId, slug, q }: { db: Db; teamId: string; slug: string; q: Q }) {
  const errorsOnly = q.errors === "1";
  const list = await listScimRequests(db, { teamId, errorsOnly, page: q.page });
  const empty =
    list.page > 1
      ? "No requests on this page."
      : errorsOnly
        ? "No failed SCIM requests are kept. Every request your identity provider sent was answered successfully."
        : "No SCIM requests yet. They appear here as soon as your identity provider calls the SCIM endpoint.";
  return (
    <section aria-labelledby="requests-heading" className={ui.card}>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 p-4">
        <h2 id="requests-heading" className="text-lg font-semibold">
          SCIM requests
        </h2>
        <Link href={q.errors ? "?view=scim" : "?view=scim&errors=1"} className={ui.small}>
          {q.errors ? "Show all requests" : "Show only errors"}
        </Link>
      </div>
      <p className="border-b border-slate-200 px-4 py-2 text-xs text-slate-600">
        Kept apart so an import cannot push out a failure: the newest {formatCount(REQUEST_LOG_KEEP.errors)} failed and{" "}
        {formatCount(REQUEST_LOG_KEEP.successes)} successful requests. Open a request for its token, error and bodies.
      </p>
      <ScimRequestsTable slug={slug} requests={list.requests} empty={empty} />
      <Pagination page={list.page} hasNext={list.hasNext} params={{ view: "scim", errors: q.errors }} label="SCIM request pages" />
    </section>
  );
}
