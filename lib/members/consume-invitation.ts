import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../audit/actor";
import { normalizeEmail } from "./normalize";
import type { Tx } from "./types";

/**
 * SCIM provisioned an address the team had invited: the invitation becomes that member (its link
 * stops working, the list shows one person, not two). Call inside the transaction that creates the
 * membership, after it exists. Returns the role the invitation offered, for callers that want it
 * when the IdP sent none (addMember keeps the IdP's or the team default: the IdP decides).
 */
export async function consumeInvitationForEmail(
  tx: Tx,
  teamId: string,
  email: string,
  membershipId: string,
  actor: Actor,
  now = new Date(),
): Promise<{ role: string } | null> {
  const open = await tx.invitation.findMany({
    where: { teamId, emailNormalized: normalizeEmail(email), acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (open.length === 0) return null;
  await tx.invitation.updateMany({ where: { id: { in: open.map((i) => i.id) } }, data: { acceptedAt: now, membershipId } });
  for (const invitation of open) {
    await recordAudit(tx, {
      teamId,
      actor,
      action: "invitation.merged_into_scim",
      target: { type: "invitation", id: invitation.id, label: invitation.email },
      details: { membershipId },
    });
  }
  return { role: open[0].role };
}

/**
 * Someone left the team (removed): an invitation to them still open, made before they joined
 * another way (by hand, or by SSO just-in-time), would let them back in with its link. Revoked,
 * audited as such. Call inside the removal's transaction.
 */
export async function revokeOpenInvitationsFor(tx: Tx, teamId: string, emails: string[], actor: Actor, now = new Date()): Promise<void> {
  const open = await tx.invitation.findMany({
    where: { teamId, emailNormalized: { in: [...new Set(emails.map(normalizeEmail))] }, acceptedAt: null, revokedAt: null },
  });
  if (open.length === 0) return;
  await tx.invitation.updateMany({ where: { id: { in: open.map((i) => i.id) } }, data: { revokedAt: now } });
  for (const invitation of open) {
    await recordAudit(tx, {
      teamId,
      actor,
      action: "invitation.revoked",
      target: { type: "invitation", id: invitation.id, label: invitation.email },
      details: { reason: "member_removed" },
    });
  }
}
