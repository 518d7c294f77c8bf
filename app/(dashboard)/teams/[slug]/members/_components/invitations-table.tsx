"use client";

import { useState } from "react";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS } from "@/components/badges";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { resendInvitationAction, revokeInvitationAction } from "../invitation-actions";
import { InvitationLink } from "./invitation-link";

export type InvitationRow = { id: string; email: string; role: Role; invitedBy: string; expires: string; expired: boolean; withdrawn: boolean };

const badge = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** People invited and not yet joined: status Invited (or Expired, or Sender lost access), with Resend and Revoke. */
export function InvitationsTable({ slug, rows, canManage }: { slug: string; rows: InvitationRow[]; canManage: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={ui.th}>Email</th>
            <th scope="col" className={ui.th}>Role</th>
            <th scope="col" className={ui.th}>Status</th>
            <th scope="col" className={ui.th}>Invited by</th>
            <th scope="col" className={ui.th}>Link expires</th>
            {canManage && <th scope="col" className={`${ui.th} text-right`}><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid="invitation-row" data-email={r.email}>
              <td className={`${ui.td} font-medium`}>{r.email}</td>
              <td className={ui.td}>{ROLE_LABELS[r.role]}</td>
              <td className={ui.td}>
                {r.expired ? (
                  <span className={`${badge} bg-amber-50 text-amber-800 ring-amber-600/20`}>Expired</span>
                ) : r.withdrawn ? (
                  // Its sender can no longer invite with this role, so the link refuses. Worded so an
                  // admin checks before resending: it may be a removed admin's way back in.
                  <span
                    className={`${badge} bg-amber-50 text-amber-800 ring-amber-600/20`}
                    title={`${r.invitedBy} can no longer send this invitation, so its link does not work. Revoke it, or resend it if you want this person invited.`}
                  >
                    Sender lost access
                  </span>
                ) : (
                  <span className={`${badge} bg-sky-50 text-sky-700 ring-sky-600/20`}>Invited</span>
                )}
              </td>
              <td className={`${ui.td} text-slate-600`}>{r.invitedBy}</td>
              <td className={`${ui.td} text-slate-600`}>{r.expires}</td>
              {canManage && (
                <td className={`${ui.td} text-right`}>
                  <InvitationActions slug={slug} row={r} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InvitationActions({ slug, row }: { slug: string; row: InvitationRow }) {
  const resend = useFormAction(resendInvitationAction, IDLE, { resetOnSuccess: false });
  const revoke = useFormAction(revokeInvitationAction, IDLE, { resetOnSuccess: false });
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const delivery = resend.state.status === "success" ? resend.state.data : undefined;
  return (
    <div className="flex flex-col items-end gap-2 text-left">
      <div className="flex flex-wrap justify-end gap-2">
        <form onSubmit={resend.onSubmit}>
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="invitationId" value={row.id} />
          <button type="submit" className={ui.small} aria-disabled={resend.pending || undefined} aria-label={`Resend the invitation for ${row.email}`}>
            {resend.pending ? "Sending…" : "Resend"}
          </button>
        </form>
        {confirmRevoke ? (
          <form onSubmit={revoke.onSubmit} className="inline-flex items-center gap-2">
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="invitationId" value={row.id} />
            <button type="submit" className={ui.dangerSolid} aria-disabled={revoke.pending || undefined} aria-label={`Confirm revoking the invitation for ${row.email}`}>
              {revoke.pending ? "Revoking…" : "Revoke"}
            </button>
            <button type="button" className={ui.small} onClick={() => setConfirmRevoke(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className={ui.small} onClick={() => setConfirmRevoke(true)} aria-label={`Revoke the invitation for ${row.email}`}>
            Revoke
          </button>
        )}
      </div>
      <div className="w-full max-w-md space-y-2">
        <FormMessage state={resend.state} />
        {revoke.state.status === "error" && <FormMessage state={revoke.state} />}
        {delivery && !delivery.emailed && <InvitationLink email={delivery.email} link={delivery.link} />}
      </div>
    </div>
  );
}
