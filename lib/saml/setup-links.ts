// SSO setup links: an owner hands the customer's IT admin, who has no Gatehouse account, a link
// that configures this one team's SSO (connections, domains, a SCIM token) and nothing else. The
// link is the credential: only its SHA-256 is stored; it expires after 1–7 days and can be
// revoked. Its holder acts as the SETUP_LINK principal of lib/auth/permissions.ts.
import { memberCan } from "../auth/permissions";
import type { Actor } from "../audit/actor";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { recordAudit } from "../audit/record-audit";
import { lockTeamRow, shareTeamRow, StandingChangedError } from "../audit/standing";
import { hashLinkToken, newLinkToken, plausibleLinkToken } from "../invitations/link-token";
import type { Db } from "../members/types";
import { SsoError } from "./errors";

export const SETUP_LINK_MIN_DAYS = 1;
export const SETUP_LINK_MAX_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type SetupLinkStatus = "active" | "expired" | "revoked";

export function setupLinkStatus(link: { expiresAt: Date; revokedAt: Date | null }, now = new Date()): SetupLinkStatus {
  if (link.revokedAt) return "revoked";
  return link.expiresAt <= now ? "expired" : "active";
}

export async function createSetupLink(db: Db, teamId: string, days: number, actor: Actor, now = new Date()): Promise<{ id: string; secret: string; expiresAt: Date }> {
  if (!Number.isInteger(days) || days < SETUP_LINK_MIN_DAYS || days > SETUP_LINK_MAX_DAYS) {
    throw new SsoError("rejected", `A setup link lasts between ${SETUP_LINK_MIN_DAYS} and ${SETUP_LINK_MAX_DAYS} days.`, 400);
  }
  const { secret, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  const link = await db.$transaction(async (tx) => {
    const created = await tx.ssoSetupLink.create({
      data: { teamId, tokenHash: hash, createdByLabel: actor.label, createdByUserId: actor.type === "user" ? actor.userId : null, expiresAt },
    });
    await recordAudit(tx, {
      teamId,
      actor,
      action: "sso_setup_link.created",
      target: { type: "sso_setup_link", id: created.id },
      details: { expiresAt: expiresAt.toISOString(), days },
    });
    return created;
  });
  return { id: link.id, secret, expiresAt };
}

/** The team's latest links, each saying whether its maker is gone (then it opens nothing: openSetupLink). */
export async function listSetupLinks(db: Db, teamId: string) {
  const links = await db.ssoSetupLink.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, createdByLabel: true, createdByUserId: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  const makerIds = [...new Set(links.flatMap((l) => l.createdByUserId ?? []))];
  const makers = new Map((await db.membership.findMany({ where: { teamId, userId: { in: makerIds } }, select: { userId: true, role: true, status: true } })).map((m) => [m.userId, m]));
  return links.map(({ createdByUserId, ...link }) => ({ ...link, makerGone: createdByUserId !== null && !mayMakeLinks(makers.get(createdByUserId)) }));
}

export async function revokeSetupLink(db: Db, teamId: string, linkId: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    // The team before the link, as the link's own writes take them (lib/audit/standing.ts): the
    // other way round, a revocation and the link's write in flight deadlocked, and either could
    // be the one refused (found by review).
    await lockTeamRow(tx, teamId, actor);
    const { count } = await tx.ssoSetupLink.updateMany({ where: { id: linkId, teamId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) return;
    await recordAudit(tx, { teamId, actor, action: "sso_setup_link.revoked", target: { type: "sso_setup_link", id: linkId } });
  });
}

export type SetupLinkAccess =
  | { ok: true; linkId: string; team: { id: string; slug: string; name: string }; expiresAt: Date; actor: Actor }
  | { ok: false; reason: "unknown" | "maker_gone" | SetupLinkStatus };

/**
 * What a setup link's secret opens: its team, while the link is active and the owner who made it
 * still could (an active member whose role may manage setup links). Checked on every page load and
 * every action, so a revocation, the expiry or the maker's removal, deactivation or demotion takes
 * effect at once. The link acts with its maker's authority: an owner on their way out could
 * otherwise keep a link and, after leaving, add an IdP of their own, route the team's domains to
 * it, or make SCIM tokens (invitations and admin reset links are withdrawn the same way,
 * inviter-authority.ts). A link made by nobody (before links named their maker) names no one to
 * lose it and stays open, but never sets up connections for owners. The first use is audited.
 */
export async function openSetupLink(db: Db, secret: string, now = new Date()): Promise<SetupLinkAccess> {
  if (!plausibleLinkToken(secret)) return { ok: false, reason: "unknown" };
  const link = await db.ssoSetupLink.findUnique({
    where: { tokenHash: hashLinkToken(secret) },
    include: { team: { select: { id: true, slug: true, name: true } } },
  });
  if (!link) return { ok: false, reason: "unknown" };
  const status = setupLinkStatus(link, now);
  if (status !== "active") return { ok: false, reason: status };
  const maker = link.createdByUserId;
  if (maker !== null && !(await makerStillMayMakeLinks(db, link.teamId, maker))) return { ok: false, reason: "maker_gone" };
  const actor: Actor = { type: "setup_link", linkId: link.id, label: `SSO setup link (created by ${link.createdByLabel})`, mayManageOwners: false, forOwners: maker !== null };
  if (!link.lastUsedAt) {
    try {
      await db.$transaction(async (tx) => {
        // The team before the link, as every writer through the link takes them (standing.ts).
        await shareTeamRow(tx, link.teamId);
        const { count } = await tx.ssoSetupLink.updateMany({ where: { id: link.id, lastUsedAt: null }, data: { lastUsedAt: now } });
        if (count > 0) await recordAudit(tx, { teamId: link.teamId, actor, action: "sso_setup_link.used", target: { type: "sso_setup_link", id: link.id } });
      });
    } catch (e) {
      // Closed between the checks above and this write (revoked, its maker demoted, or expired by
      // the database's clock): refused like any closed link, not an error page (found by review).
      if (e instanceof StandingChangedError) return { ok: false, reason: await closedReason(db, link.id, now) };
      throw e;
    }
  } else if (now.getTime() - link.lastUsedAt.getTime() > 60_000) {
    await db.ssoSetupLink.update({ where: { id: link.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, linkId: link.id, team: link.team, expiresAt: link.expiresAt, actor };
}

/** Why a link that was open a moment ago opens nothing now. */
async function closedReason(db: Db, linkId: string, now: Date): Promise<"maker_gone" | SetupLinkStatus> {
  const link = await db.ssoSetupLink.findUnique({ where: { id: linkId } });
  if (!link) return "revoked";
  const status = setupLinkStatus(link, now);
  if (status !== "active") return status;
  return link.createdByUserId !== null && !(await makerStillMayMakeLinks(db, link.teamId, link.createdByUserId)) ? "maker_gone" : "expired";
}

/** Whether the person who made a link is still an active member of its team whose role may make one (the permission table). */
async function makerStillMayMakeLinks(db: Db, teamId: string, userId: string): Promise<boolean> {
  return mayMakeLinks(await db.membership.findFirst({ where: { teamId, userId }, select: { role: true, status: true } }));
}

const mayMakeLinks = (maker: { role: Role; status: MembershipStatus } | null | undefined): boolean => memberCan(maker, "sso.setup_links.manage");
