import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { findMovedTeam } from "../teams/update-team";
import { movedPath } from "../teams/moved-path";
import { isSlugShaped } from "../teams/slug";
import { getDb } from "../db/client";
import { can, type Permission } from "./permissions";
import { getCurrentUser } from "./current-user";
import { enterTeam } from "./session-user";
import { hasSessionCookie, REQUEST_PATH_HEADER, signInAgainUrl } from "./sign-in-again";

/**
 * The one loader every team page and action starts from: the signed-in user, the team, and their
 * active membership in it. Unknown team and "not a member" look the same (404), so slugs of
 * other tenants are not disclosed.
 */
export const getTeamContext = cache(async (slug: string) => {
  const user = await getCurrentUser();
  if (!user) redirect(await signInAgain(slug, false));
  // A slug no team could have (a hand-made URL: "%00" is one the database would refuse) names none.
  if (!isSlugShaped(slug)) notFound();
  const db = await getDb();
  const entry = await enterTeam(db, user, slug);
  if (!entry.ok && entry.reason === "not_found") {
    // A team that changed its slug: its members follow old links to the same page (others get
    // the same 404 as for any team they are not in, so the new slug is not disclosed).
    const moved = await findMovedTeam(db, slug);
    if (moved && user.memberships.some((m) => m.team.slug === moved)) redirect(movedPath((await headers()).get(REQUEST_PATH_HEADER), slug, moved));
    notFound();
  }
  // Their access here ended after this session began (maybe restored since): sign in again.
  if (!entry.ok) redirect(await signInAgain(slug, true));
  const { team, membership } = entry;
  const actor = {
    type: "user" as const,
    userId: user.id,
    label: user.email,
    mayManageOwners: can(membership.role, "members.grant_owner"),
    teamOnly: user.session.onlyTeamId !== null,
    standing: { teamId: team.id, role: membership.role },
  };
  return { db, user, team, membership, actor, can: (p: Permission) => can(membership.role, p) };
});

/** Back to this very page after signing in (proxy.ts names it), saying why when a session ended. */
async function signInAgain(slug: string, accessEnded: boolean): Promise<string> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return signInAgainUrl({
    path: h.get(REQUEST_PATH_HEADER),
    fallback: `/teams/${slug}/members`,
    hadSession: hasSessionCookie(c.getAll().map((x) => x.name)),
    accessEnded,
  });
}

export type TeamContext = Awaited<ReturnType<typeof getTeamContext>>;
