"use client";

import { useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { missingCredentialsMessage, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { SAML_PRODUCT, SAML_PROVIDER_ID } from "@/lib/saml/constants";
import { ssoErrorMessage } from "@/lib/saml/messages";
import { findSsoAction } from "./actions";

const messageFor = (code: string) => ssoErrorMessage(code) ?? signInErrorMessage(code);

export function LoginForm({ callbackUrl, initialError, initialEmail }: { callbackUrl: string; initialError?: string; initialEmail?: string }) {
  const [error, setError] = useState(initialError ? messageFor(initialError) : null);
  const [pending, setPending] = useState<null | "password" | "sso">(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const missing = missingCredentialsMessage(email, password);
    if (missing) {
      setError(missing);
      (email.trim() === "" ? emailRef.current : passwordRef.current)?.focus();
      return;
    }
    setPending("password");
    setError(null);
    const result = await signIn("credentials", {
      email,
      password,
      redirect: false,
      // Without it next-auth answers with this page's own URL, and reads its ?error= (the reason
      // the person was sent here, e.g. SessionEnded) as a failure of this sign-in.
      callbackUrl,
    });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(null);
    setError(messageFor(result?.error ?? "invalid"));
  }

  // Continue with SSO: the email's verified domain picks the team, whose IdP next-auth sends us to.
  async function onSso() {
    setPending("sso");
    setError(null);
    const route = await findSsoAction(emailRef.current?.value ?? "").catch(() => ({
      ok: false as const,
      message: "Single sign-on is temporarily unavailable. Try again in a moment.",
    }));
    if (!route.ok) {
      setPending(null);
      setError(route.message);
      emailRef.current?.focus();
      return;
    }
    await signIn(SAML_PROVIDER_ID, { callbackUrl }, { tenant: route.teamId, product: SAML_PRODUCT, idp_hint: route.connection });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          ref={emailRef}
          id="email"
          name="email" maxLength={320}
          type="email"
          autoComplete="username"
          defaultValue={initialEmail}
          required
          className="block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          ref={passwordRef}
          id="password"
          name="password" maxLength={1024}
          type="password"
          autoComplete="current-password"
          required
          className="block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
        />
      </div>
      <button
        type="submit"
        disabled={pending !== null}
        className="w-full rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-600/50 focus-visible:outline-none disabled:opacity-60"
      >
        {pending === "password" ? "Signing in…" : "Sign in"}
      </button>
      <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <button
        type="button"
        onClick={onSso}
        disabled={pending !== null}
        className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-600/50 focus-visible:outline-none disabled:opacity-60"
      >
        {pending === "sso" ? "Redirecting to your identity provider…" : "Continue with SSO"}
      </button>
      <p className="text-center text-xs text-slate-500">Single sign-on uses only your work email.</p>
    </form>
  );
}
