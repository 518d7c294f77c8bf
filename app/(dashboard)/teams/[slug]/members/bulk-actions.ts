"use server";

import { z } from "zod";
import { applyToMembers, type BulkChange } from "@/lib/members/apply-to-members";
import { countActiveOwners } from "@/lib/members/lock-team";
import { teamAction } from "../_lib/team-action";
import { failure, success } from "../_lib/action-state";
import { actionErrorMessage } from "@/app/_lib/action-error-message";
import { bulkRefusal, groupSkipped } from "./_lib/bulk-refusal";
import { ROLE_LABELS } from "@/components/badges";

export type BulkSummary = { skipped: { reason: string; emails: string[] }[] };

const BULK_LIMIT = 200;
const CHANGES: Record<string, BulkChange> = {
  "role:OWNER": { kind: "role", role: "OWNER" },
  "role:ADMIN": { kind: "role", role: "ADMIN" },
  "role:MEMBER": { kind: "role", role: "MEMBER" },
  deactivate: { kind: "deactivate" },
  reactivate: { kind: "reactivate" },
  remove: { kind: "remove" },
};

const DONE: Record<Exclude<BulkChange["kind"], "role">, string> = { deactivate: "deactivated", reactivate: "reactivated", remove: "removed from the team" };

// The selected rows of the members table arrive as one comma-separated field (the form gathers
// the checkboxes), at most one page's worth.
const ids = z
  .string()
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.uuid({ message: "Unknown member." })).min(1, "Select at least one member.").max(BULK_LIMIT, `Select at most ${BULK_LIMIT} members at a time.`));

/**
 * One change for the selected members: each is checked against the same rules as the Manage
 * dialog (and again by the domain inside its write), done one at a time, and the answer says how
 * many changed and which were skipped, grouped by reason.
 */
export const bulkMembersAction = teamAction(
  {
    schema: z.object({ slug: z.string().min(1).max(100), ids, change: z.enum(Object.keys(CHANGES) as [string, ...string[]], { message: "Choose what to do." }) }),
    permission: "members.write",
  },
  async (ctx, input) => {
    const change = CHANGES[input.change];
    if (change.kind === "role" && !ctx.can("members.change_role")) return failure("You don't have permission to change roles.");
    const viewer = { membershipId: ctx.membership.id, role: ctx.membership.role };
    const activeOwners = await countActiveOwners(ctx.db, ctx.team.id);
    const outcome = await applyToMembers(ctx.db, ctx.team.id, input.ids, change, ctx.actor, {
      refuse: (m) => bulkRefusal(viewer, m, activeOwners, change),
      describe: actionErrorMessage,
    });
    const n = outcome.done.length;
    const count = `${n} ${n === 1 ? "member" : "members"}`;
    const done = n === 0 ? "Nothing changed." : change.kind === "role" ? `Role changed to ${ROLE_LABELS[change.role]} for ${count}.` : `${count} ${DONE[change.kind]}.`;
    const skipped = outcome.skipped.length;
    const message = skipped ? `${done} ${skipped} skipped:` : done;
    return success<BulkSummary>(message, { skipped: groupSkipped(outcome.skipped) });
  },
);
