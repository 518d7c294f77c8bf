"use client";

import { useFormAction } from "../use-form-action";
import type { SsoActionState } from "./types";
import { IDLE } from "./types";

type Props = {
  action: (prev: SsoActionState, data: FormData) => Promise<SsoActionState>;
  children: React.ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  /** Clear the fields after a success (adding a domain), or keep them (settings). */
  resetOnSuccess?: boolean;
  /** Ask before submitting (destructive actions). */
  confirm?: string;
  tone?: "primary" | "secondary" | "danger";
  className?: string;
  "aria-label"?: string;
};

const buttonTone = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
};

/** A form posting to a server action (see useFormAction), with an optional confirmation; the message is announced. */
export function SsoForm({ action, children, submitLabel, pendingLabel, resetOnSuccess, confirm, tone = "primary", className, ...rest }: Props) {
  const { state, pending, formRef, onSubmit: submit } = useFormAction(action, IDLE, { resetOnSuccess: !!resetOnSuccess });

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    if (confirm && !window.confirm(confirm)) {
      event.preventDefault();
      return;
    }
    submit(event);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className={className ?? "space-y-3"} aria-label={rest["aria-label"]} noValidate>
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:ring-2 focus-visible:ring-brand-600/50 focus-visible:outline-none disabled:opacity-60 ${buttonTone[tone]}`}
        >
          {pending ? (pendingLabel ?? "Saving…") : submitLabel}
        </button>
        {state.status === "error" && (
          <p role="alert" className="text-sm text-red-700">
            {state.message}
          </p>
        )}
        {state.status === "success" && (
          <p role="status" className="text-sm text-emerald-700">
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
