import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth-shell";
import { ui } from "@/components/ui";
import { mailConfigured } from "@/lib/mail/send-mail";
import { ForgotPasswordForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  if (!mailConfigured()) {
    return (
      <AuthShell title="Forgot your password?">
        <p className="text-sm text-slate-700" data-testid="no-mail">
          This server does not send email. Ask an owner or admin of your team: they can make a link for you to choose a new password.
        </p>
        <Link href="/login" className={ui.link}>
          Back to sign-in
        </Link>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Forgot your password?" lead="Enter the address you sign in with. We email you a link to choose a new one.">
      <ForgotPasswordForm />
      <Link href="/login" className={`${ui.link} text-sm`}>
        Back to sign-in
      </Link>
    </AuthShell>
  );
}
