"use client";

import Link from "next/link";
import { useRef } from "react";
import { ui } from "@/components/ui";

export type SwitcherTeam = { slug: string; name: string; role: string };

/**
 * The teams the person belongs to, in the header: the current one named, the others a click
 * away, and where to create another (when this server allows it). A native <details>, so it works
 * with the keyboard and without JavaScript; a choice closes it.
 */
export function TeamSwitcher({ teams, currentSlug, canCreate }: { teams: SwitcherTeam[]; currentSlug?: string; canCreate: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const current = teams.find((t) => t.slug === currentSlug);
  const close = () => ref.current?.removeAttribute("open");
  return (
    <details ref={ref} className="relative" data-testid="team-switcher">
      <summary className={`flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2 py-1 font-medium hover:bg-slate-100 ${ui.focus}`}
        // The name starts with the visible text, as WCAG 2.5.3 asks ("label in name").
        aria-label={`${current?.name ?? "Your teams"}, Switch team`}
      >
        <span className="truncate">{current?.name ?? "Your teams"}</span>
        {/* An icon, not a "▾" character: axe counts the character as visible text missing from the name. */}
        <svg aria-hidden viewBox="0 0 16 16" fill="currentColor" className="h-3 w-3 shrink-0 text-slate-500">
          <path d="M4 6h8l-4 5z" />
        </svg>
      </summary>
      <div className="absolute left-0 z-40 mt-1 w-[min(18rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
        <p className="px-3 pt-1 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Your teams</p>
        <ul>
          {teams.map((t) => (
            <li key={t.slug}>
              <Link
                href={`/teams/${t.slug}/members`}
                onClick={close}
                aria-current={t.slug === currentSlug ? "page" : undefined}
                className={`flex items-center justify-between gap-2 px-3 py-2 text-sm hover:bg-slate-50 ${ui.focus} ${t.slug === currentSlug ? "font-semibold text-brand-700" : "text-slate-800"}`}
              >
                <span className="truncate">{t.name}</span>
                <span className="text-xs text-slate-500">{t.role.charAt(0) + t.role.slice(1).toLowerCase()}</span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-slate-200 pt-1">
          {canCreate && (
            <Link href="/teams/new" onClick={close} className={`block px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 ${ui.focus}`}>
              + Create a team
            </Link>
          )}
          <Link href="/account" onClick={close} className={`block px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 ${ui.focus}`}>
            Your account
          </Link>
        </div>
      </div>
    </details>
  );
}
