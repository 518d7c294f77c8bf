"use client";

import { useEffect, useRef } from "react";
import { FieldError, fieldErrorProps } from "@/components/field-error";
import { FormMessage } from "@/components/form-message";
import { CopyButton } from "@/components/copy-button";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE, type ActionState } from "../../_lib/action-state";
import { generateScimTokenAction, type GeneratedToken } from "../token-actions";

/** Generates a token and shows its secret this once; the server keeps only a hash. */
export function GenerateTokenForm({ slug }: { slug: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction<ActionState<GeneratedToken>>(generateScimTokenAction, IDLE);
  const created = state.status === "success" ? state.data : undefined;
  const fieldError = (name: string) => (state.status === "error" ? state.fieldErrors?.[name] : undefined);
  // The new secret takes focus (and is selected, ready to copy); its box is a status, so it is read.
  const secretRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (created) secretRef.current?.focus();
  }, [created]);
  return (
    <div className="space-y-3">
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Generate a SCIM token" className="flex max-w-2xl flex-wrap items-start gap-3">
        <input type="hidden" name="slug" value={slug} />
        <div className="min-w-48 flex-1">
          <label htmlFor="token-name" className={ui.label}>
            Token name
          </label>
          <input id="token-name" name="name" required maxLength={100} defaultValue="Okta" {...fieldErrorProps("token-name", fieldError("name"))} className={`${ui.input} mt-1`} />
          <FieldError inputId="token-name" message={fieldError("name")} />
        </div>
        <div>
          <label htmlFor="token-expiry" className={ui.label}>
            Expires
          </label>
          <select id="token-expiry" name="expiresInDays" defaultValue="" className={`${ui.input} mt-1`}>
            <option value="">Never</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="180">In 180 days</option>
            <option value="365">In 1 year</option>
          </select>
        </div>
        <div>
          <label htmlFor="token-scope" className={ui.label}>
            Access
          </label>
          <select id="token-scope" name="scope" defaultValue="read-write" className={`${ui.input} mt-1`}>
            <option value="read-write">Read and write (provisioning)</option>
            <option value="read-only">Read only</option>
          </select>
        </div>
        <button type="submit" className={`${ui.primary} mt-6`} aria-disabled={pending || undefined} aria-busy={pending}>
          {pending ? "Generating…" : "Generate token"}
        </button>
      </form>
      {state.status === "error" && <FormMessage state={state} />}
      {created && (
        <div role="status" className="max-w-2xl space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">
            Copy the token &ldquo;{created.name}&rdquo; now: this is the only time it is shown. Store it in your identity provider; if it is lost,
            generate a new one.
          </p>
          <label htmlFor="scim-token-secret" className={ui.label}>
            New token
          </label>
          <div className="flex flex-wrap gap-2 sm:flex-nowrap">
            <input ref={secretRef} id="scim-token-secret" readOnly value={created.secret} className={`${ui.input} font-mono`} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={created.secret} label="Copy token" targetId="scim-token-secret" />
          </div>
        </div>
      )}
    </div>
  );
}
