import type { Metadata } from "next";
import { getTeamContext } from "@/lib/auth/team-context";
import { AppHeader } from "../../_components/app-header";
import { TeamNav } from "./_components/team-nav";
import { navItems } from "./_lib/nav-items";

/**
 * Loads the team (request-cached) while the metadata is worked out: an unknown team is a 404 there
 * too, so the page gets the not-found page's title instead of the title of the page it would be.
 */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  await getTeamContext((await params).slug);
  return {};
}

export default async function TeamLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, user, can } = await getTeamContext(slug);
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <AppHeader user={user} currentSlug={team.slug}>
        <TeamNav items={navItems(team.slug, can)} />
      </AppHeader>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
