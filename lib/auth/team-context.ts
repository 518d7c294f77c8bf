import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { getDb } from "../db/client";
import { can, type Permission } from "./permissions";
import { getCurrentUser } from "./current-user";

/**
 * The one loader every team page and action starts from: the signed-in user, the team, and their
 * active membership in it. Unknown team and "not a member" look the same (404), so slugs of
 * other tenants are not disclosed.
 */
export const getTeamContext = cache(async (slug: string) => {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/teams/${slug}/members`)}`);
  const db = await getDb();
  // One read for both: the team by slug, through the person's active membership in it.
  const found = await db.membership.findFirst({ where: { userId: user.id, status: "ACTIVE", team: { slug } }, include: { team: true } });
  if (!found) notFound();
  const { team, ...membership } = found;
  const actor = { type: "user" as const, userId: user.id, label: user.email, mayManageOwners: can(membership.role, "members.grant_owner") };
  return { db, user, team, membership, actor, can: (p: Permission) => can(membership.role, p) };
});

export type TeamContext = Awaited<ReturnType<typeof getTeamContext>>;
