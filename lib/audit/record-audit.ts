import type { Prisma } from "../db/generated/client";
import type { Actor } from "./actor";
import type { AuditAction } from "./actions";

export type AuditInput = {
  teamId: string;
  actor: Actor;
  action: AuditAction;
  target?: { type: string; id: string; label?: string };
  details?: Prisma.InputJsonValue;
};

type AuditWriter = { auditEvent: { create(args: { data: Prisma.AuditEventUncheckedCreateInput }): unknown } };

/** Writes an audit event. Call it with the transaction client so the event commits with the change. */
export async function recordAudit(tx: AuditWriter, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      teamId: input.teamId,
      actorType: input.actor.type,
      actorUserId: input.actor.type === "user" ? input.actor.userId : null,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      targetLabel: input.target?.label ?? null,
      details: input.details,
    },
  });
}
