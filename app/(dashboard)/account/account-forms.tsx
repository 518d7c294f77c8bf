"use client";

import { useEffect, useState } from "react";
import { signOut } from "next-auth/react";
import { clearSessionMarker } from "@/components/session-marker";
import { FieldError, fieldErrorProps } from "@/components/field-error";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../teams/[slug]/_lib/action-state";
import { changeNameAction, changePasswordAction, leaveTeamAction, signOutEverywhereAction } from "./actions";

export function NameForm({ name }: { name: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(changeNameAction, IDLE, { resetOnSuccess: false });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Your name">
      <FormMessage state={state} />
      <div>
        <label htmlFor="account-name" className={ui.label}>
          Display name
        </label>
        <input id="account-name" name="name" defaultValue={name} required maxLength={200} autoComplete="name" className={`${ui.input} mt-1`} />
      </div>
      <button type="submit" className={ui.primary} aria-disabled={pending || undefined} aria-busy={pending}>
        {pending ? "Saving…" : "Save name"}
      </button>
    </form>
  );
}

export function PasswordForm() {
  const { state, pending, formRef, onSubmit } = useFormAction(changePasswordAction, IDLE);
  const fieldError = (n: string) => (state.status === "error" ? state.fieldErrors?.[n] : undefined);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Change password">
      <FormMessage state={state} />
      {[
        { id: "current", label: "Current password", auto: "current-password" },
        { id: "next", label: "New password", auto: "new-password" },
        { id: "confirm", label: "New password again", auto: "new-password" },
      ].map((f) => (
        <div key={f.id}>
          <label htmlFor={`pw-${f.id}`} className={ui.label}>
            {f.label}
          </label>
          <input id={`pw-${f.id}`} name={f.id} maxLength={1024} type="password" required autoComplete={f.auto} {...fieldErrorProps(`pw-${f.id}`, fieldError(f.id))} className={`${ui.input} mt-1`} />
          <FieldError inputId={`pw-${f.id}`} message={fieldError(f.id)} />
        </div>
      ))}
      <button type="submit" className={ui.primary} aria-disabled={pending || undefined} aria-busy={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

export function LeaveTeamButton({ slug, name }: { slug: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, onSubmit } = useFormAction(leaveTeamAction, IDLE, { resetOnSuccess: false });
  return (
    <div className="flex flex-col items-end gap-2">
      {confirming ? (
        <form onSubmit={onSubmit} className="inline-flex items-center gap-2">
          <input type="hidden" name="slug" value={slug} />
          <span className="text-xs text-slate-600">You lose access at once.</span>
          <button type="submit" className={ui.dangerSolid} aria-disabled={pending || undefined} aria-label={`Confirm leaving ${name}`}>
            {pending ? "Leaving…" : "Leave"}
          </button>
          <button type="button" className={ui.small} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className={ui.small} onClick={() => setConfirming(true)} aria-label={`Leave ${name}`}>
          {/* "Leave", so the visible word starts the name "Leave <team>" (WCAG 2.5.3). */}
          Leave
        </button>
      )}
      {state.status === "error" && (
        <div className="max-w-sm">
          <FormMessage state={state} />
        </div>
      )}
    </div>
  );
}

/** Ends every session of the account (lost laptop, shared computer), then this browser's cookie. */
export function SignOutEverywhereButton() {
  const { state, pending, onSubmit } = useFormAction(signOutEverywhereAction, IDLE, { resetOnSuccess: false });
  useEffect(() => {
    if (state.status === "success") {
      // A deliberate sign-out: this browser's sign-in page should not say "your session ended".
      clearSessionMarker();
      void signOut({ callbackUrl: "/login" });
    }
  }, [state]);
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Sign out everywhere">
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">Ends every session of your account, on every device and browser, including this one.</p>
      <button type="submit" className={ui.danger} disabled={pending || state.status === "success"} aria-busy={pending}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </button>
    </form>
  );
}
