"use client";

import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../(dashboard)/teams/[slug]/_lib/action-state";
import { forgotPasswordAction } from "./actions";

export function ForgotPasswordForm() {
  const { state, pending, formRef, onSubmit } = useFormAction(forgotPasswordAction, IDLE, { resetOnSuccess: false });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Reset your password">
      <FormMessage state={state} />
      <div>
        <label htmlFor="forgot-email" className={ui.label}>
          Email
        </label>
        <input id="forgot-email" name="email" maxLength={320} type="email" required autoComplete="email" className={`${ui.input} mt-1`} />
      </div>
      <button type="submit" className={`${ui.primary} w-full`} disabled={pending} aria-busy={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
