// The Require SSO preview for a team (enforcement-preview.ts decides; this reads its members).
import type { Db } from "../members/types";
import { previewEnforcement, type EnforcementPreview } from "./enforcement-preview";

export async function loadEnforcementPreview(db: Db, teamId: string, verifiedDomains: readonly string[]): Promise<EnforcementPreview> {
  const members = await db.membership.findMany({
    where: { teamId, status: "ACTIVE" },
    select: { role: true, status: true, nameFormatted: true, user: { select: { email: true, name: true, passwordHash: true } } },
  });
  return previewEnforcement(
    members.map((m) => ({ email: m.user.email, name: m.nameFormatted ?? m.user.name, role: m.role, status: m.status, hasPassword: !!m.user.passwordHash })),
    verifiedDomains,
  );
}
