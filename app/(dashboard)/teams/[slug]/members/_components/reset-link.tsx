"use client";

import { useId } from "react";
import { CopyButton } from "@/components/copy-button";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE, type ActionState } from "../../_lib/action-state";
import { resetLinkAction, type ResetLinkResult } from "../reset-actions";

/** In the Manage dialog: make a link for the member to set a new password (works once, 24 hours). */
export function ResetLinkSection({ slug, membershipId, email }: { slug: string; membershipId: string; email: string }) {
  const id = useId();
  const { state, pending, onSubmit } = useFormAction<ActionState<ResetLinkResult>>(resetLinkAction, IDLE, { resetOnSuccess: false });
  // An emailed link is the member's alone: only one that did not go out is shown to copy.
  const delivery = state.status === "success" ? state.data : undefined;
  const made = delivery && !delivery.emailed ? delivery : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-2 border-t border-slate-100 pt-4" aria-label="Password reset link">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="membershipId" value={membershipId} />
      <p className={ui.label}>Password</p>
      <p className="text-sm text-slate-600">Make a link for {email} to choose a new password. It works once, for 24 hours, and ends their sessions when used.</p>
      <FormMessage state={state} />
      {made && (
        <div className="flex gap-2">
          <label htmlFor={id} className="sr-only">
            Reset link for {made.email}
          </label>
          <input id={id} readOnly value={made.link} data-testid="reset-link" className={`${ui.input} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={made.link} label={`Copy the reset link for ${made.email}`} targetId={id} />
        </div>
      )}
      <button type="submit" className={ui.secondary} disabled={pending} aria-busy={pending}>
        {pending ? "Making link…" : "Make reset link"}
      </button>
    </form>
  );
}
