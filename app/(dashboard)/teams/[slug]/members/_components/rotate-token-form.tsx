"use client";

import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE, type ActionState } from "../../_lib/action-state";
import { rotateScimTokenAction, type GeneratedToken } from "../token-actions";
import { formatDateTime } from "../../_lib/format";

/**
 * Rotation without a gap: the new token is shown once, and the old one keeps working for the
 * overlap chosen here, long enough to paste the new one into the IdP, then is refused.
 */
export function RotateTokenForm({ slug, tokenId, name, canRotate }: { slug: string; tokenId: string; name: string; canRotate: boolean }) {
  const [open, setOpen] = useState(false);
  const { state, pending, onSubmit } = useFormAction<ActionState<GeneratedToken>>(rotateScimTokenAction, IDLE, { resetOnSuccess: false });
  const created = state.status === "success" ? state.data : undefined;
  const secretId = `rotated-token-secret-${tokenId}`;
  if (created) {
    return (
      <div role="status" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-left">
        <p className="text-sm font-medium text-amber-900">
          Copy the new token now: this is the only time it is shown. The old one works until{" "}
          {created.oldTokenValidUntil ? formatDateTime(new Date(created.oldTokenValidUntil)) : "now"}.
        </p>
        <label htmlFor={secretId} className={ui.label}>
          New token for {created.name}
        </label>
        <div className="flex gap-2">
          <input id={secretId} readOnly value={created.secret} className={`${ui.input} font-mono`} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={created.secret} label="Copy token" targetId={secretId} />
        </div>
      </div>
    );
  }
  if (!canRotate) return null;
  if (!open) {
    return (
      <button type="button" className={ui.small} onClick={() => setOpen(true)} aria-label={`Rotate token ${name}`}>
        Rotate
      </button>
    );
  }
  const overlapId = `rotate-overlap-${tokenId}`;
  return (
    <form onSubmit={onSubmit} className="inline-flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="tokenId" value={tokenId} />
      <label htmlFor={overlapId} className="text-xs text-slate-600">
        Old token keeps working
      </label>
      <select id={overlapId} name="overlapHours" defaultValue="24" className={`${ui.input} w-auto py-1`}>
        <option value="0">Not at all (revoke now)</option>
        <option value="1">For 1 hour</option>
        <option value="24">For 1 day</option>
        <option value="72">For 3 days</option>
        <option value="168">For 7 days</option>
      </select>
      <button type="submit" className={ui.primary} disabled={pending} aria-busy={pending} aria-label={`Confirm rotating token ${name}`}>
        {pending ? "Rotating…" : "Rotate"}
      </button>
      <button type="button" className={ui.small} onClick={() => setOpen(false)}>
        Cancel
      </button>
      {state.status === "error" && <FormMessage state={state} />}
    </form>
  );
}
