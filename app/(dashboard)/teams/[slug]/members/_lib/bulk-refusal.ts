import type { BulkChange } from "@/lib/members/apply-to-members";
import { can } from "@/lib/auth/permissions";
import { memberControls, type ControlTarget, type Viewer } from "./member-controls";
import { roleWithArticle } from "./role-phrase";

/**
 * Why a bulk change skips this member, in the words the Manage dialog uses for its locks, or null
 * when it may go ahead (the domain then checks the same rules again, inside the write). Members
 * already in the wanted state are skipped too: saving the same role would only hand the decision
 * from the IdP to the admin.
 */
export function bulkRefusal(viewer: Viewer, m: ControlTarget, activeOwners: number, change: BulkChange): string | null {
  const controls = memberControls(viewer, m, activeOwners);
  switch (change.kind) {
    case "role":
      if (change.role === "OWNER" && !can(viewer.role, "members.grant_owner")) return "Only owners can make someone an owner.";
      return controls.role.locked ?? (m.role === change.role ? `Already ${roleWithArticle(change.role)}.` : null);
    case "deactivate":
      return controls.status.locked ?? (m.status === "DEACTIVATED" ? "Already deactivated." : null);
    case "reactivate":
      return controls.status.locked ?? (m.status === "ACTIVE" ? "Already active." : null);
    case "remove":
      return controls.remove.locked;
  }
}

/** Skipped members grouped by reason, for a summary that reads "2 skipped: <reason> (a@…, b@…)". */
export function groupSkipped(skipped: { email: string | null; reason: string }[]): { reason: string; emails: string[] }[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.email ?? "a removed member"]);
  return [...byReason].map(([reason, emails]) => ({ reason, emails }));
}
