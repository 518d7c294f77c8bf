"use client";

import Link from "next/link";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../../(dashboard)/teams/[slug]/_lib/action-state";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(resetPasswordAction, IDLE, { resetOnSuccess: false });
  if (state.status === "success") {
    return (
      <div className="space-y-3">
        <FormMessage state={state} />
        <Link href="/login" className={`${ui.primary} w-full`}>
          Go to sign-in
        </Link>
      </div>
    );
  }
  const fieldError = (n: string) => (state.status === "error" ? state.fieldErrors?.[n] : undefined);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Choose a new password">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <div>
        <label htmlFor="reset-password" className={ui.label}>
          New password
        </label>
        <input id="reset-password" name="password" maxLength={1024} type="password" required minLength={8} autoComplete="new-password" aria-invalid={!!fieldError("password")} className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="reset-confirm" className={ui.label}>
          New password again
        </label>
        <input id="reset-confirm" name="confirm" maxLength={1024} type="password" required autoComplete="new-password" aria-invalid={!!fieldError("confirm")} className={`${ui.input} mt-1`} />
      </div>
      <button type="submit" className={`${ui.primary} w-full`} disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
