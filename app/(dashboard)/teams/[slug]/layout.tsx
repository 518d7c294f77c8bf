import Link from "next/link";
import { getTeamContext } from "@/lib/auth/team-context";
import { SignOutButton } from "@/components/sign-out-button";

export default async function TeamLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, user } = await getTeamContext(slug);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <div className="flex items-center gap-3">
            <Link href={`/teams/${team.slug}/members`} className="font-semibold text-brand-600">
              Gatehouse
            </Link>
            <span aria-hidden className="text-slate-300">/</span>
            <span className="font-medium">{team.name}</span>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
