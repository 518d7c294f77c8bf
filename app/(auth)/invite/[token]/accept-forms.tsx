"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { signIn, signOut } from "next-auth/react";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE, type ActionState } from "../../../(dashboard)/teams/[slug]/_lib/action-state";
import { acceptAsNewPersonAction, acceptSignedInAction, acceptWithPasswordAction, acceptWithSsoAction, type Accepted } from "./actions";

/** Once the invitation is accepted, signs in with the password just typed and opens the team. */
function useSignInOnceAccepted(state: ActionState<Accepted>) {
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.status !== "success" || !state.data) return;
    const { slug } = state.data;
    void signIn("credentials", { email: state.data.email, password: password.current?.value ?? "", redirect: false }).then(() => {
      window.location.assign(`/teams/${slug}/members`);
    });
  }, [state]);
  return password;
}

/** The invited address, shown as the username password managers file the password under. */
function InvitedEmail({ email }: { email: string }) {
  return (
    <div>
      <label htmlFor="accept-email" className={ui.label}>
        Email
      </label>
      <input id="accept-email" value={email} readOnly autoComplete="username" className={`${ui.input} mt-1 bg-slate-50`} />
    </div>
  );
}

export function NewPersonForm({ token, email }: { token: string; email: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(acceptAsNewPersonAction, IDLE, { resetOnSuccess: false });
  const password = useSignInOnceAccepted(state);
  const fieldError = (name: string) => (state.status === "error" ? state.fieldErrors?.[name] : undefined);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Accept the invitation">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <InvitedEmail email={email} />
      <div>
        <label htmlFor="accept-name" className={ui.label}>
          Your name
        </label>
        <input id="accept-name" name="name" required maxLength={200} autoComplete="name" aria-invalid={!!fieldError("name")} className={`${ui.input} mt-1`} />
      </div>
      <div>
        <label htmlFor="accept-password" className={ui.label}>
          Choose a password
        </label>
        <input
          ref={password}
          id="accept-password"
          name="password" maxLength={1024}
          type="password"
          required
          minLength={8}
          autoComplete="new-password"
          aria-describedby="accept-password-hint"
          aria-invalid={!!fieldError("password")}
          className={`${ui.input} mt-1`}
        />
        <p id="accept-password-hint" className="mt-1 text-xs text-slate-500">
          At least 8 characters.
        </p>
      </div>
      <button type="submit" className={`${ui.primary} w-full`} disabled={pending || state.status === "success"} aria-busy={pending}>
        {pending ? "Joining…" : "Join the team"}
      </button>
    </form>
  );
}

export function ExistingAccountForm({ token, email, signInPath }: { token: string; email: string; signInPath: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(acceptWithPasswordAction, IDLE, { resetOnSuccess: false });
  const password = useSignInOnceAccepted(state);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Accept the invitation">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <InvitedEmail email={email} />
      <div>
        <label htmlFor="accept-password" className={ui.label}>
          Your password
        </label>
        <input ref={password} id="accept-password" name="password" type="password" required maxLength={1024} autoComplete="current-password" className={`${ui.input} mt-1`} />
      </div>
      <button type="submit" className={`${ui.primary} w-full`} disabled={pending || state.status === "success"} aria-busy={pending}>
        {pending ? "Joining…" : "Join the team"}
      </button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/forgot-password" className="text-brand-600 hover:underline">
          Forgot password?
        </Link>{" "}
        ·{" "}
        <Link href={`/login?callbackUrl=${encodeURIComponent(signInPath)}`} className="text-brand-600 hover:underline">
          Sign in first instead
        </Link>
      </p>
    </form>
  );
}

export function JoinButton({ token, teamName }: { token: string; teamName: string }) {
  const { state, pending, onSubmit } = useFormAction(acceptSignedInAction, IDLE, { resetOnSuccess: false });
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Accept the invitation">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" className={`${ui.primary} w-full`} disabled={pending} aria-busy={pending}>
        {pending ? "Joining…" : `Join ${teamName}`}
      </button>
    </form>
  );
}

export function SsoJoinButton({ token }: { token: string }) {
  const { state, pending, onSubmit } = useFormAction(acceptWithSsoAction, IDLE, { resetOnSuccess: false });
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Accept the invitation">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {state.status === "success" ? (
        <Link href={`/login?callbackUrl=${encodeURIComponent(`/teams/${state.data?.slug}/members`)}`} className={`${ui.primary} w-full`}>
          Go to sign-in
        </Link>
      ) : (
        <button type="submit" className={`${ui.primary} w-full`} disabled={pending} aria-busy={pending}>
          {pending ? "Joining…" : "Accept and sign in with SSO"}
        </button>
      )}
    </form>
  );
}

export function SignOutAndReturn({ path }: { path: string }) {
  return (
    <button type="button" className={`${ui.secondary} w-full`} onClick={() => signOut({ callbackUrl: path })}>
      Sign out and use another account
    </button>
  );
}
