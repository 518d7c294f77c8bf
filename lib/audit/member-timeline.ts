import type { Db } from "../db/types";

export type TimelineItem =
  | { kind: "event"; id: string; at: Date; action: string; actorType: string; actorLabel: string; details: unknown }
  | {
      kind: "scim";
      id: string;
      at: Date;
      method: string;
      path: string;
      status: number;
      scimType: string | null;
      errorDetail: string | null;
      authProblem: string | null;
      tokenName: string | null;
      tokenPrefix: string | null;
    };

/**
 * Everything that happened to one member of one team, newest first: the audit events about them
 * (added, SCIM and UI changes, SSO sign-ins and refusals) and the SCIM requests that named them.
 * Both are read within the team only, so another team's view of the same person never shows.
 */
export async function memberTimeline(db: Db, q: { teamId: string; memberId: string; limit?: number }): Promise<TimelineItem[]> {
  const take = Math.min(Math.max(q.limit ?? 200, 1), 500);
  const [events, requests] = await Promise.all([
    db.auditEvent.findMany({
      where: { teamId: q.teamId, targetType: "member", targetId: q.memberId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    }),
    db.scimRequestLog.findMany({
      where: { teamId: q.teamId, memberId: q.memberId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    }),
  ]);
  const items: TimelineItem[] = [
    ...events.map((e) => ({ kind: "event" as const, id: e.id, at: e.createdAt, action: e.action, actorType: e.actorType, actorLabel: e.actorLabel, details: e.details })),
    ...requests.map((r) => ({
      kind: "scim" as const,
      id: r.id,
      at: r.createdAt,
      method: r.method,
      path: r.path,
      status: r.status,
      scimType: r.scimType,
      errorDetail: r.errorDetail,
      authProblem: r.authProblem,
      tokenName: r.tokenName,
      tokenPrefix: r.tokenPrefix,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, take);
}
