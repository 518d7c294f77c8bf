import type { Prisma } from "../db/generated/client";
import type { Actor } from "../audit/actor";
import type { Tx } from "../members/types";

// The instance-level audit trail: events about teams themselves, kept after the team (and its
// own AuditEvent rows) are deleted. Written in the same transaction as the change.
export type InstanceAuditAction = "team.created" | "team.slug_changed" | "team.deleted";

export async function recordInstanceAudit(
  tx: Tx,
  input: { actor: Actor; action: InstanceAuditAction; team: { id: string; slug: string }; details?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.instanceAuditEvent.create({
    data: {
      actorType: input.actor.type,
      actorUserId: input.actor.type === "user" ? input.actor.userId : null,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: "team",
      targetId: input.team.id,
      targetLabel: input.team.slug,
      details: input.details,
    },
  });
}
