import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { memberTimeline, type TimelineItem } from "@/lib/audit/member-timeline";
import { getTeamContext } from "@/lib/auth/team-context";
import { getMember } from "@/lib/members/list-members";
import { ui } from "@/components/ui";
import { formatDateTime, memberName } from "../../../_lib/format";
import { ACTOR_TYPES, type ActorType } from "../../_lib/labels";
import { failureReason, tokenLabel } from "../../_lib/scim-request-text";

export const metadata: Metadata = { title: "Provisioning timeline" };

// What happened to a member, as a sentence fragment after the actor ("Okta's token deactivated them").
const EVENT_TEXT: Record<string, string> = {
  "member.added": "added them",
  "member.profile_updated": "updated their profile",
  "member.role_changed": "changed their role",
  "member.deactivated": "deactivated them",
  "member.reactivated": "reactivated them",
  "member.removed": "removed them",
  "member.linked_to_scim": "linked them to the identity provider (now SCIM-managed)",
  "member.login": "signed them in",
  "member.login_refused": "refused their sign-in",
};

function eventDetail(item: Extract<TimelineItem, { kind: "event" }>): string | null {
  const d = (item.details ?? {}) as Record<string, unknown>;
  if (item.action === "member.role_changed" && typeof d.from === "string" && typeof d.to === "string") return `${d.from.toLowerCase()} → ${d.to.toLowerCase()}`;
  if (item.action === "member.profile_updated" && Array.isArray(d.fields)) return d.fields.join(", ");
  if (item.action === "member.login_refused" && typeof d.reason === "string") return `reason: ${d.reason}`;
  if (item.action === "member.login" && typeof d.method === "string") return `with ${d.method === "saml" ? "SSO" : d.method}`;
  return null;
}

export default async function MemberTimelinePage({ params }: { params: Promise<{ slug: string; memberId: string }> }) {
  const { slug, memberId } = await params;
  const ctx = await getTeamContext(slug);
  if (!ctx.can("audit.read") || !z.uuid().safeParse(memberId).success) notFound();
  const [member, items] = await Promise.all([getMember(ctx.db, ctx.team.id, memberId), memberTimeline(ctx.db, { teamId: ctx.team.id, memberId })]);
  // Nothing of this team about this id: as unknown as any other (never another team's member).
  if (!member && items.length === 0) notFound();
  const label = member ? memberName(member) : "A removed member";

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/teams/${slug}/audit`} className="text-sm text-brand-600 hover:underline">
          ← Audit log
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Provisioning timeline</h1>
        <p className="mt-1 text-sm text-slate-600">
          {label}
          {member && member.email !== label && <span className="break-all"> · {member.email}</span>}: every SCIM request about them and every change and
          sign-in in this team, newest first.
        </p>
      </div>
      <section aria-labelledby="timeline-heading" className={ui.card}>
        <h2 id="timeline-heading" className="sr-only">
          Events
        </h2>
        {items.length === 0 ? (
          <p className="px-4 py-12 text-center text-sm text-slate-500">Nothing recorded for this member yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="member-timeline">
            {items.map((item) => (
              <li key={`${item.kind}-${item.id}`} data-testid="timeline-item" data-kind={item.kind} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-3 text-sm">
                <time dateTime={item.at.toISOString()} className="whitespace-nowrap text-slate-600">
                  {formatDateTime(item.at)}
                </time>
                {item.kind === "event" ? (
                  <span className="min-w-0 flex-1 break-words">
                    <span className="font-medium">{item.actorLabel}</span>{" "}
                    <span className="text-xs text-slate-500">({ACTOR_TYPES[item.actorType as ActorType] ?? item.actorType})</span>{" "}
                    {EVENT_TEXT[item.action] ?? item.action}
                    {eventDetail(item) && <span className="text-slate-600"> · {eventDetail(item)}</span>}
                  </span>
                ) : (
                  <span className="min-w-0 flex-1 break-words">
                    <span className="font-medium">SCIM</span> <span className="font-mono text-xs">{item.method}</span>{" "}
                    <span className="font-mono text-xs break-all">{item.path}</span> →{" "}
                    <span className={item.status >= 400 ? "font-medium text-red-800" : "text-emerald-700"}>{item.status}</span>
                    {failureReason(item) && <span className="text-red-800"> · {failureReason(item)}</span>}
                    <span className="text-xs text-slate-500"> · {tokenLabel(item)}</span>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
