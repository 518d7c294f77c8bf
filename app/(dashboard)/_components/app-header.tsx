import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { mayCreateTeams } from "@/lib/teams/policy";
import { SessionMarker } from "@/components/session-marker";
import { SignOutButton } from "@/components/sign-out-button";
import { TeamSwitcher } from "./team-switcher";

/** The top bar of every signed-in page: the product, the team switcher, the person, sign out. */
export function AppHeader({ user, currentSlug, children }: { user: CurrentUser; currentSlug?: string; children?: React.ReactNode }) {
  const teams = user.memberships.map((m) => ({ slug: m.team.slug, name: m.team.name, role: m.role }));
  const home = currentSlug ? `/teams/${currentSlug}/members` : "/";
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 pt-3 sm:px-6">
        <div className="flex min-w-0 items-center gap-2">
          <Link href={home} className="font-semibold text-brand-600">
            Gatehouse
          </Link>
          <span aria-hidden className="text-slate-300">
            /
          </span>
          <TeamSwitcher teams={teams} currentSlug={currentSlug} canCreate={mayCreateTeams(env().GATEHOUSE_TEAM_CREATION, "person")} />
        </div>
        <div className="flex items-center gap-3 text-sm">
          <Link href="/account" className="hidden text-slate-600 hover:text-slate-900 hover:underline sm:inline">
            {user.email}
          </Link>
          <SignOutButton />
          <SessionMarker />
        </div>
      </div>
      <div className="mx-auto max-w-6xl px-4 pt-2 sm:px-6">{children ?? <div className="h-3" />}</div>
    </header>
  );
}

/** Signed-in pages that belong to no team (create a team, your account). */
export function PersonalPage({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
