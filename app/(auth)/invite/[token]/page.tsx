import type { Metadata } from "next";
import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { lookupInvitation } from "@/lib/invitations/accept-invitation";
import { normalizeEmail } from "@/lib/members/normalize";
import { ROLE_LABELS } from "@/components/badges";
import { AuthShell } from "@/components/auth-shell";
import { ui } from "@/components/ui";
import { ExistingAccountForm, JoinButton, NewPersonForm, SignOutAndReturn, SsoJoinButton } from "./accept-forms";

export const metadata: Metadata = { title: "Invitation" };

// Every way a link can fail has its own page that says what happened and what to do.
const UNUSABLE = {
  expired: { title: "This invitation has expired", body: "Invitation links work for 7 days. Ask the person who invited you to resend it." },
  revoked: { title: "This invitation was withdrawn", body: "An admin of the team revoked it. Ask them if you still need access." },
  withdrawn: { title: "This invitation no longer works", body: "Whoever sent it can no longer invite you to this team with this role. Ask the team's admins for a new one." },
  accepted: { title: "This invitation has already been used", body: "Each link works once. If it was you, sign in to open the team." },
  not_found: { title: "This invitation link is not valid", body: "Check that you opened the whole link from the email, or ask for a new invitation." },
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const found = await lookupInvitation(db, token);
  const path = `/invite/${token}`;

  if (found.state !== "pending" || !found.invitation) {
    const page = UNUSABLE[found.state === "pending" ? "not_found" : found.state];
    return (
      <AuthShell title={page.title}>
        <p className="text-sm text-slate-700" data-testid="invitation-state" data-state={found.state}>
          {page.body}
        </p>
        <Link href="/login" className={ui.link}>
          Go to sign-in
        </Link>
      </AuthShell>
    );
  }

  const inv = found.invitation;
  const user = await getCurrentUser();
  const lead = (
    <p>
      {inv.invitedBy} invited <strong>{inv.email}</strong> to join <strong>{inv.team.name}</strong> as {ROLE_LABELS[inv.role].toLowerCase()}.
    </p>
  );

  if (user && normalizeEmail(user.email) !== inv.emailNormalized) {
    return (
      <AuthShell title="This invitation is for someone else" lead={lead}>
        <p className="text-sm text-slate-700" data-testid="invitation-state" data-state="wrong_account">
          You are signed in as <strong>{user.email}</strong>, but this invitation is for <strong>{inv.email}</strong>. Sign out, then open the link again
          and continue as {inv.email}.
        </p>
        <SignOutAndReturn path={path} />
      </AuthShell>
    );
  }
  if (user) {
    return (
      <AuthShell title={`Join ${inv.team.name}`} lead={lead}>
        <p className="text-sm text-slate-700">You are signed in as {user.email}.</p>
        <JoinButton token={token} teamName={inv.team.name} />
      </AuthShell>
    );
  }
  if (found.ssoRequired) {
    return (
      <AuthShell title={`Join ${inv.team.name}`} lead={lead}>
        <p className="text-sm text-slate-700">{inv.team.name} signs people in with single sign-on: no password to choose.</p>
        <SsoJoinButton token={token} />
      </AuthShell>
    );
  }
  if (found.accountExists) {
    return (
      <AuthShell title={`Join ${inv.team.name}`} lead={lead}>
        <p className="text-sm text-slate-700">{inv.email} already has a Gatehouse account: enter its password to join.</p>
        <ExistingAccountForm token={token} email={inv.email} signInPath={path} />
      </AuthShell>
    );
  }
  return (
    <AuthShell title={`Join ${inv.team.name}`} lead={lead}>
      <NewPersonForm token={token} email={inv.email} />
    </AuthShell>
  );
}
