import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { lockTeamRow } from "../audit/standing";
import { isUniqueViolation } from "../db/errors";
import type { Db, Tx } from "../members/types";
import { assertSlugFree } from "./create-team";
import { SlugTakenError, TeamInputError } from "./errors";
import { recordInstanceAudit } from "./instance-audit";
import { checkSlug } from "./slug";

// The team settings page: name, URL name (slug), the default role and welcome emails. Each change is one
// transaction with its audit event; nothing is written when nothing changed.

/** Roles a team may give by default (SCIM and SAML just-in-time provisioning): never owners. */
export const DEFAULT_ROLE_CHOICES = ["MEMBER", "ADMIN"] as const satisfies readonly Role[];

async function lockedTeam(tx: Tx, teamId: string, actor: Actor) {
  await lockTeamRow(tx, teamId, actor);
  return tx.team.findUniqueOrThrow({ where: { id: teamId } });
}

export async function renameTeam(db: Db, teamId: string, name: string, actor: Actor): Promise<{ changed: boolean }> {
  const next = name.trim();
  if (!next) throw new TeamInputError("Enter a team name.");
  if (next.length > 100) throw new TeamInputError("Keep the team name to 100 characters or fewer.");
  return db.$transaction(async (tx) => {
    const team = await lockedTeam(tx, teamId, actor);
    if (team.name === next) return { changed: false };
    await tx.team.update({ where: { id: teamId }, data: { name: next } });
    await recordAudit(tx, { teamId, actor, action: "team.renamed", target: { type: "team", id: teamId, label: team.slug }, details: { from: team.name, to: next } });
    return { changed: true };
  });
}

/**
 * Moves the team to a new URL name. The old one becomes a redirect (TeamSlugRedirect), so links
 * and bookmarks keep working and no other team can take it; a team may move back to a slug it
 * used before. Recorded in the team's log and in the instance trail (slugs are instance-wide).
 */
export async function changeTeamSlug(db: Db, teamId: string, input: string, actor: Actor): Promise<{ changed: boolean; slug: string }> {
  const check = checkSlug(input);
  if (!check.ok) throw new TeamInputError(check.message);
  const slug = check.slug;
  try {
    return await db.$transaction(async (tx) => {
      const team = await lockedTeam(tx, teamId, actor);
      if (team.slug === slug) return { changed: false, slug };
      await assertSlugFree(tx, slug, teamId);
      await tx.teamSlugRedirect.deleteMany({ where: { slug, teamId } });
      await tx.teamSlugRedirect.create({ data: { slug: team.slug, teamId } });
      await tx.team.update({ where: { id: teamId }, data: { slug } });
      await recordAudit(tx, { teamId, actor, action: "team.slug_changed", target: { type: "team", id: teamId, label: slug }, details: { from: team.slug, to: slug } });
      await recordInstanceAudit(tx, { actor, action: "team.slug_changed", team: { id: teamId, slug }, details: { from: team.slug, to: slug } });
      return { changed: true, slug };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new SlugTakenError(slug);
    throw e;
  }
}

/** The role SCIM and SAML just-in-time provisioning give when nothing else decides. */
export async function setDefaultRole(db: Db, teamId: string, role: Role, actor: Actor): Promise<{ changed: boolean }> {
  if (!(DEFAULT_ROLE_CHOICES as readonly Role[]).includes(role)) throw new TeamInputError("The default role must be Member or Admin.");
  return db.$transaction(async (tx) => {
    const team = await lockedTeam(tx, teamId, actor);
    if (team.defaultRole === role) return { changed: false };
    await tx.team.update({ where: { id: teamId }, data: { defaultRole: role } });
    await recordAudit(tx, { teamId, actor, action: "team.default_role_changed", target: { type: "team", id: teamId, label: team.slug }, details: { from: team.defaultRole, to: role } });
    return { changed: true };
  });
}

/** Whether people the team's IdP creates are emailed a welcome (lib/provisioning/welcome.ts). */
export async function setWelcomeEmails(db: Db, teamId: string, on: boolean, actor: Actor): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const team = await lockedTeam(tx, teamId, actor);
    if (team.welcomeEmails === on) return { changed: false };
    await tx.team.update({ where: { id: teamId }, data: { welcomeEmails: on } });
    await recordAudit(tx, { teamId, actor, action: "team.welcome_emails_changed", target: { type: "team", id: teamId, label: team.slug }, details: { from: team.welcomeEmails, to: on } });
    return { changed: true };
  });
}

/** Where a team that moved lives now: `/teams/<old>/…` requests are sent to its current slug. */
export async function findMovedTeam(db: Db, oldSlug: string): Promise<string | null> {
  const redirect = await db.teamSlugRedirect.findUnique({ where: { slug: oldSlug }, select: { team: { select: { slug: true } } } });
  return redirect?.team.slug ?? null;
}
