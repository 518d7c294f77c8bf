import type { Prisma } from "../db/generated/client";
import type { Tx } from "../db/types";
import type { Actor } from "./actor";
import { holdStanding } from "./standing";
import type { AuditAction } from "./actions";

export type AuditInput = {
  teamId: string;
  actor: Actor;
  action: AuditAction;
  target?: { type: string; id: string; label?: string };
  details?: Prisma.InputJsonValue;
};

type AuditWriter = { auditEvent: { create(args: { data: Prisma.AuditEventUncheckedCreateInput }): unknown } } & Pick<Tx, "$queryRaw">;

/** Who did it, as an audit event's columns: the one reading of an Actor for recordAudit and the one-statement writers (lib/members). */
export const auditActor = (actor: Actor) => ({ actorType: actor.type, actorUserId: actor.type === "user" ? actor.userId : null, actorLabel: actor.label });

// The last time given to an event by this process. Strictly increasing (the column has
// milliseconds), as the SCIM request log's (request-log-buffer.ts): the audit log and a member's
// timeline order by time, and events recorded one after another (a team's creation writes
// member.added then team.created) often fell in the same millisecond, their order then left to
// the database or to random ids.
let lastEventAt = 0;

/** A time for the next audit event: now, or a millisecond after the one before if that is later. */
export function nextAuditTime(): Date {
  lastEventAt = Math.max(Date.now(), lastEventAt + 1);
  return new Date(lastEventAt);
}

/** Writes an audit event. Call it with the transaction client so the event commits with the change. */
export async function recordAudit(tx: AuditWriter, input: AuditInput): Promise<void> {
  // The write this event records is done by someone who still holds the role it was checked for.
  await holdStanding(tx, input.teamId, input.actor);
  await tx.auditEvent.create({
    data: {
      teamId: input.teamId,
      ...auditActor(input.actor),
      action: input.action,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      targetLabel: input.target?.label ?? null,
      details: input.details,
      createdAt: nextAuditTime(),
    },
  });
}
