import type { Db } from "./types";
import { recordAudit } from "../audit/record-audit";

/** Stamps lastLoginAt on the person's active memberships and audits the sign-in in each team. */
export async function recordSignIn(db: Db, userId: string, method: "password" | "saml"): Promise<void> {
  await db.$transaction(async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId, status: "ACTIVE" },
      include: { user: { select: { email: true } } },
    });
    if (memberships.length === 0) return;
    await tx.membership.updateMany({ where: { id: { in: memberships.map((m) => m.id) } }, data: { lastLoginAt: new Date() } });
    for (const m of memberships) {
      await recordAudit(tx, {
        teamId: m.teamId,
        actor: { type: "user", userId, label: m.user.email },
        action: "member.login",
        target: { type: "member", id: m.id, label: m.user.email },
        details: { method },
      });
    }
  });
}
