import Link from "next/link";
import { getTeamContext } from "@/lib/auth/team-context";
import { SignOutButton } from "@/components/sign-out-button";
import { TeamNav } from "./_components/team-nav";
import { navItems } from "./_lib/nav-items";

export default async function TeamLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, user, can } = await getTeamContext(slug);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 pt-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Link href={`/teams/${team.slug}/members`} className="font-semibold text-brand-600">
              Gatehouse
            </Link>
            <span aria-hidden className="text-slate-300">
              /
            </span>
            <span className="truncate font-medium">{team.name}</span>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
        <div className="mx-auto max-w-6xl px-4 pt-2 sm:px-6">
          <TeamNav items={navItems(team.slug, can)} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
