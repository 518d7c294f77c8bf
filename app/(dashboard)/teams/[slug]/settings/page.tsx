import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTeamContext } from "@/lib/auth/team-context";
import { DEFAULT_ROLE_CHOICES } from "@/lib/teams/update-team";
import { ui } from "@/components/ui";
import { mailConfigured } from "@/lib/mail/send-mail";
import { DefaultRoleForm, DeleteTeamForm, RenameForm, SlugForm, TransferOwnershipForm, WelcomeEmailsForm } from "./settings-forms";

export const metadata: Metadata = { title: "Team settings" };

const card = `${ui.card} p-6`;

export default async function TeamSettingsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  // Same answer as a page that does not exist: members need not learn what admins can see here.
  if (!ctx.can("team.settings")) notFound();
  const { moved, transferred } = await searchParams;
  const { team } = ctx;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Team settings</h1>
        <p className="mt-1 text-sm text-slate-600">{team.name}</p>
      </div>
      {typeof moved === "string" && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          The team moved to /teams/{team.slug}. Links to /teams/{moved} keep working for your members.
        </p>
      )}
      {typeof transferred === "string" && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {transferred} is now an owner of {team.name}. You are an admin.
        </p>
      )}
      <section aria-labelledby="general-heading" className={`${card} space-y-6`}>
        <h2 id="general-heading" className="text-lg font-semibold">
          General
        </h2>
        <RenameForm slug={team.slug} name={team.name} />
        <SlugForm slug={team.slug} />
        <DefaultRoleForm slug={team.slug} role={team.defaultRole} choices={DEFAULT_ROLE_CHOICES} />
        <WelcomeEmailsForm slug={team.slug} on={team.welcomeEmails} mailConfigured={mailConfigured()} />
      </section>
      {ctx.can("saml.manage") && (
        <section aria-labelledby="authentication-heading" className={`${card} space-y-2`}>
          <h2 id="authentication-heading" className="text-lg font-semibold">
            Authentication
          </h2>
          {/* Where customers' guides (Omni's) send admins for SAML settings: the one place they live is the SSO page. */}
          <p className="text-sm text-slate-600">
            SAML and OIDC connections, email domains, automatic provisioning of new users on their first sign-in (just-in-time) and Require SSO are
            set on the{" "}
            <Link href={`/teams/${team.slug}/sso`} className={ui.link}>
              Single sign-on page
            </Link>
            .
          </p>
        </section>
      )}
      {ctx.can("team.transfer_ownership") && (
        <section aria-labelledby="transfer-heading" className={`${card} space-y-3`}>
          <h2 id="transfer-heading" className="text-lg font-semibold">
            Transfer ownership
          </h2>
          <p className="text-sm text-slate-600">Hand the Owner role to another active member. You stay in the team as an admin.</p>
          <TransferOwnershipForm slug={team.slug} />
        </section>
      )}
      {ctx.can("team.delete") && (
        <section aria-labelledby="delete-heading" className={`${card} space-y-3 border-red-200`}>
          <h2 id="delete-heading" className="text-lg font-semibold text-red-800">
            Delete team
          </h2>
          <DeleteTeamForm slug={team.slug} name={team.name} />
        </section>
      )}
    </div>
  );
}
