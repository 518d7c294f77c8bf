import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth-shell";
import { ui } from "@/components/ui";
import { getDb } from "@/lib/db/client";
import { lookupPasswordToken } from "@/lib/password-reset/reset-password";
import { ResetPasswordForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a password" };

const UNUSABLE = {
  expired: { title: "This link has expired", body: "Password links work for a limited time. Ask for a new one with “Forgot password?” on the sign-in page, or from your team's admin." },
  used: { title: "This link has already been used", body: "Each link works once. If it was you, sign in with the password you chose." },
  not_found: { title: "This link is not valid", body: "Check that you opened the whole link from the email, or ask for a new one." },
  withdrawn: { title: "This link no longer works", body: "Whoever made it can no longer set this account's password. Ask your team's admin for a new one, or use “Forgot password?” on the sign-in page." },
} as const;

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await lookupPasswordToken(await getDb(), token);
  if (found.state !== "valid" || !found.email) {
    const page = UNUSABLE[found.state === "valid" ? "not_found" : found.state];
    return (
      <AuthShell title={page.title}>
        <p className="text-sm text-slate-700" data-testid="reset-state" data-state={found.state}>
          {page.body}
        </p>
        <Link href="/login" className={ui.link}>
          Go to sign-in
        </Link>
      </AuthShell>
    );
  }
  const setup = found.purpose === "owner_setup";
  return (
    <AuthShell
      title={setup ? "Set up your account" : "Choose a new password"}
      lead={
        <p>
          {setup ? "Choose the password you will sign in with as " : "For "}
          <strong>{found.email}</strong>. {setup ? "" : "Every session of this account ends when you save it."}
        </p>
      }
    >
      <ResetPasswordForm token={token} email={found.email} />
    </AuthShell>
  );
}
