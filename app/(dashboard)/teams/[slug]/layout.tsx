import { getTeamContext } from "@/lib/auth/team-context";
import { AppHeader } from "../../_components/app-header";
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
      <AppHeader user={user} currentSlug={team.slug}>
        <TeamNav items={navItems(team.slug, can)} />
      </AppHeader>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
