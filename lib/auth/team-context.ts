import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { findMovedTeam } from "../teams/update-team";
import { movedPath } from "../teams/moved-path";
import { getDb } from "../db/client";
import { can, type Permission } from "./permissions";
import { getCurrentUser } from "./current-user";
import { enterTeam } from "./session-user";

/**
 * The one loader every team page and action starts from: the signed-in user, the team, and their
 * active membership in it. Unknown team and "not a member" look the same (404), so slugs of
 * other tenants are not disclosed.
 */
export const getTeamContext = cache(async (slug: string) => {
  const callbackUrl = encodeURIComponent(`/teams/${slug}/members`);
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${callbackUrl}`);
  const db = await getDb();
  const entry = await enterTeam(db, user, slug);
  if (!entry.ok && entry.reason === "not_found") {
    // A team that changed its slug: its members follow old links to the same page (others get
    // the same 404 as for any team they are not in, so the new slug is not disclosed).
    const moved = await findMovedTeam(db, slug);
    if (moved && user.memberships.some((m) => m.team.slug === moved)) redirect(movedPath((await headers()).get("x-gatehouse-path"), slug, moved));
    notFound();
  }
  // Their access here ended after this session began (maybe restored since): sign in again.
  if (!entry.ok) redirect(`/login?callbackUrl=${callbackUrl}&error=SessionRequired`);
  const { team, membership } = entry;
  const actor = { type: "user" as const, userId: user.id, label: user.email, mayManageOwners: can(membership.role, "members.grant_owner") };
  return { db, user, team, membership, actor, can: (p: Permission) => can(membership.role, p) };
});

export type TeamContext = Awaited<ReturnType<typeof getTeamContext>>;
