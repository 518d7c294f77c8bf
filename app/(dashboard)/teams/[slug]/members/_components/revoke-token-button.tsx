"use client";

import { useState } from "react";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { announce } from "@/components/announce";
import { revokeScimTokenAction } from "../token-actions";
import { TOKEN_TABLE_ID } from "./token-table-id";

/** Revoke asks once more: an IdP still using the token stops provisioning at its next request. */
export function RevokeTokenButton({ slug, tokenId, name }: { slug: string; tokenId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, onSubmit } = useFormAction(revokeScimTokenAction, IDLE, {
    resetOnSuccess: false,
    // The row loses its Revoke button: focus moves to the token table, and the result is announced.
    onSuccess: () => {
      document.getElementById(TOKEN_TABLE_ID)?.focus();
      announce(`Token “${name}” revoked. Requests that use it are now refused.`);
    },
  });
  if (!confirming) {
    return (
      <button type="button" className={ui.small} onClick={() => setConfirming(true)} aria-label={`Revoke token ${name}`}>
        Revoke
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} className="inline-flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="tokenId" value={tokenId} />
      {state.status === "error" && <FormMessage state={state} />}
      <span className="text-xs text-slate-600">Revoke “{name}”? Requests with it will be refused.</span>
      <button type="submit" className={ui.dangerSolid} aria-disabled={pending || undefined} aria-busy={pending} aria-label={`Confirm revoking token ${name}`}>
        {pending ? "Revoking…" : "Revoke"}
      </button>
      <button type="button" className={ui.small} onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </form>
  );
}
