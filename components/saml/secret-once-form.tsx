"use client";

import { useFormAction } from "../use-form-action";
import { ui } from "../ui";
import { CopyValue } from "./copy-value";
import { IDLE, type SsoActionState } from "./types";

/** A form whose success carries a secret shown once (a setup link, a SCIM token). */
export function SecretOnceForm({
  action,
  children,
  submitLabel,
  ...rest
}: {
  action: (prev: SsoActionState, data: FormData) => Promise<SsoActionState>;
  children: React.ReactNode;
  submitLabel: string;
  "aria-label"?: string;
}) {
  const { state, pending, formRef, onSubmit } = useFormAction(action, IDLE, { resetOnSuccess: true });
  return (
    <div className="space-y-3">
      <form ref={formRef} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" aria-label={rest["aria-label"]} noValidate>
        {children}
        <button type="submit" disabled={pending} className={ui.primary}>
          {pending ? "Working…" : submitLabel}
        </button>
      </form>
      {state.status === "error" && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
      {state.status === "success" && (
        <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p>{state.message}</p>
          {state.secret?.extra && (
            <div>
              <span className="text-xs font-medium">{state.secret.extra.label}</span>
              <CopyValue label={state.secret.extra.label} value={state.secret.extra.value} testId="secret-extra" />
            </div>
          )}
          {state.secret && (
            <div>
              <span className="text-xs font-medium">{state.secret.label}</span>
              <CopyValue label={state.secret.label} value={state.secret.value} testId="secret-value" />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
