import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { hasPassword, listMyTeams } from "@/lib/account/account";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { ROLE_LABELS, StatusBadge } from "@/components/badges";
import { ui } from "@/components/ui";
import { PersonalPage } from "../_components/app-header";
import { LeaveTeamButton, NameForm, PasswordForm, SignOutEverywhereButton } from "./account-forms";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login?callbackUrl=%2Faccount");
  const left = (await searchParams).left;
  const db = await getDb();
  const [teams, withPassword] = await Promise.all([listMyTeams(db, user), hasPassword(db, user.id)]);
  return (
    <PersonalPage user={user}>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <p className="mt-1 text-sm text-slate-600">Signed in as {user.email}. Your name and password are yours in every team.</p>
      {typeof left === "string" && (
        <p role="status" className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          You left {left}.
        </p>
      )}
      <section aria-labelledby="profile-heading" className={`${ui.card} mt-6 p-6`}>
        <h2 id="profile-heading" className="mb-3 text-lg font-semibold">
          Profile
        </h2>
        <NameForm name={user.name ?? ""} />
      </section>
      <section aria-labelledby="password-heading" className={`${ui.card} mt-6 p-6`}>
        <h2 id="password-heading" className="mb-3 text-lg font-semibold">
          Password
        </h2>
        {withPassword ? <PasswordForm /> : <p className="text-sm text-slate-700">You sign in with single sign-on: there is no Gatehouse password to change.</p>}
      </section>
      <section aria-labelledby="sessions-heading" className={`${ui.card} mt-6 p-6`}>
        <h2 id="sessions-heading" className="mb-3 text-lg font-semibold">
          Sessions
        </h2>
        <SignOutEverywhereButton />
      </section>
      <section aria-labelledby="teams-heading" className={`${ui.card} mt-6`}>
        <h2 id="teams-heading" className="border-b border-slate-200 p-4 text-lg font-semibold">
          Your teams
        </h2>
        <ul className="divide-y divide-slate-100">
          {teams.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 p-4" data-testid="account-team" data-slug={m.team.slug}>
              <div>
                {m.status === "ACTIVE" ? (
                  <Link href={`/teams/${m.team.slug}/members`} className={ui.link}>
                    {m.team.name}
                  </Link>
                ) : (
                  <span className="font-medium">{m.team.name}</span>
                )}
                <span className="ml-2 text-sm text-slate-600">{ROLE_LABELS[m.role]}</span> <StatusBadge status={m.status} />
              </div>
              {m.status === "ACTIVE" && <LeaveTeamButton slug={m.team.slug} name={m.team.name} />}
            </li>
          ))}
        </ul>
      </section>
    </PersonalPage>
  );
}
