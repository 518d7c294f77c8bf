"use client";

import { useEffect, useRef } from "react";
import { signIn } from "next-auth/react";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../(dashboard)/teams/[slug]/_lib/action-state";
import { TeamNameFields } from "../../(dashboard)/teams/new/create-team-form";
import { createFirstTeamAction } from "./actions";

export function FirstRunForm() {
  const { state, pending, formRef, onSubmit } = useFormAction(createFirstTeamAction, IDLE, { resetOnSuccess: false });
  const password = useRef<HTMLInputElement>(null);
  const fieldError = (name: string) => (state.status === "error" ? state.fieldErrors?.[name] : undefined);

  // Created: sign the new owner in with what they just typed, then open their team.
  useEffect(() => {
    if (state.status !== "success" || !state.data) return;
    const { slug, email } = state.data;
    void signIn("credentials", { email, password: password.current?.value ?? "", redirect: false }).then(() => {
      window.location.assign(`/teams/${slug}/members`);
    });
  }, [state]);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Set up Gatehouse">
      <FormMessage state={state} />
      <TeamNameFields fieldError={fieldError} />
      <div>
        <label htmlFor="owner-name" className={ui.label}>
          Your name
        </label>
        <input id="owner-name" name="ownerName" required maxLength={200} autoComplete="name" aria-invalid={!!fieldError("ownerName")} className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="owner-email" className={ui.label}>
          Your email
        </label>
        <input id="owner-email" name="email" maxLength={320} type="email" required autoComplete="username" aria-invalid={!!fieldError("email")} className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="owner-password" className={ui.label}>
          Password
        </label>
        <input
          ref={password}
          id="owner-password"
          name="password" maxLength={1024}
          type="password"
          required
          minLength={8}
          autoComplete="new-password"
          aria-describedby="owner-password-hint"
          aria-invalid={!!fieldError("password")}
          className={`${ui.input} mt-1`}
        />
        <p id="owner-password-hint" className="mt-1 text-xs text-slate-500">
          At least 8 characters.
        </p>
      </div>
      <button type="submit" className={`${ui.primary} w-full`} disabled={pending || state.status === "success"} aria-busy={pending}>
        {pending ? "Creating…" : "Create team and sign in"}
      </button>
    </form>
  );
}
