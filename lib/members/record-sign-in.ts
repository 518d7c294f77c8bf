import type { Db } from "./types";
import { recordAudit } from "../audit/record-audit";

/**
 * Stamps lastLoginAt on the person's active memberships and audits the sign-in in each team. A
 * password signs a person into every team they belong to; a SAML login is one team's IdP
 * vouching for them, so it names that team and touches only that membership.
 */
export async function recordSignIn(db: Db, userId: string, method: "password" | "saml", scope: { teamId?: string } = {}): Promise<void> {
  await db.$transaction(async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId, status: "ACTIVE", ...(scope.teamId && { teamId: scope.teamId }) },
      include: { user: { select: { email: true } } },
    });
    if (memberships.length === 0) return;
    await tx.membership.updateMany({ where: { id: { in: memberships.map((m) => m.id) } }, data: { lastLoginAt: new Date() } });
    for (const m of memberships) {
      await recordAudit(tx, {
        teamId: m.teamId,
        actor: { type: "user", userId, label: m.user.email, mayManageOwners: m.role === "OWNER" },
        action: "member.login",
        target: { type: "member", id: m.id, label: m.email },
        details: { method },
      });
    }
  });
}
