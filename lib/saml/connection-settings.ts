// What Gatehouse keeps per SSO connection, beside jackson's record of it (keyed by its
// clientID): the attribute mapping, the role-and-groups sync toggle, the last assertion (its
// attributes, never the XML) and the last sign-in. A team may have several connections; each
// login is attributed to the one whose certificate verified the response (acs.ts hands that
// over here, keyed by team and NameID, because the profile jackson returns does not name it).
import type { Prisma } from "../db/generated/client";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../members/types";
import { readMapping, readSentAssertion, type AttributeMapping, type SentAssertion } from "./attribute-mapping";
import type { SamlProfile } from "./profile";

export type ConnectionSettings = {
  clientId: string;
  teamId: string;
  mapping: AttributeMapping;
  syncRoleAndGroups: boolean;
  lastAssertion: SentAssertion | null;
  lastAssertionAt: Date | null;
  lastSignInAt: Date | null;
  lastSignInEmail: string | null;
};

/** How long a verified response's connection is remembered for the login that follows it. */
const HANDOFF_MS = 10 * 60_000;

function read(row: Prisma.SsoConnectionSettingsGetPayload<object>): ConnectionSettings {
  return {
    clientId: row.clientId,
    teamId: row.teamId,
    mapping: readMapping(row.attributeMapping),
    syncRoleAndGroups: row.syncRoleAndGroups,
    lastAssertion: readSentAssertion(row.lastAssertion),
    lastAssertionAt: row.lastAssertionAt,
    lastSignInAt: row.lastSignInAt,
    lastSignInEmail: row.lastSignInEmail,
  };
}

/** The settings of a team's connection (defaults when none were saved yet). */
export async function getConnectionSettings(db: Db, teamId: string, clientId: string): Promise<ConnectionSettings> {
  const row = await db.ssoConnectionSettings.findFirst({ where: { clientId, teamId } });
  return row
    ? read(row)
    : { clientId, teamId, mapping: {}, syncRoleAndGroups: false, lastAssertion: null, lastAssertionAt: null, lastSignInAt: null, lastSignInEmail: null };
}

/** Makes sure a connection has its row (one per jackson connection, in its own team only). */
export async function ensureConnectionSettings(db: Db, input: { clientId: string; teamId: string; idpEntityId?: string | null }): Promise<void> {
  await db.ssoConnectionSettings.upsert({
    where: { clientId: input.clientId },
    create: { clientId: input.clientId, teamId: input.teamId, idpEntityId: input.idpEntityId ?? null },
    update: input.idpEntityId ? { idpEntityId: input.idpEntityId } : {},
  });
}

export async function saveConnectionMapping(
  db: Db,
  input: { teamId: string; clientId: string; mapping: AttributeMapping; syncRoleAndGroups: boolean },
  actor: Actor,
): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await tx.ssoConnectionSettings.findUnique({ where: { clientId: input.clientId } });
    if (before && before.teamId !== input.teamId) throw new Error("connection of another team");
    const prevMapping = before ? readMapping(before.attributeMapping) : {};
    const prevSync = before?.syncRoleAndGroups ?? false;
    const changed = JSON.stringify(prevMapping) !== JSON.stringify(input.mapping) || prevSync !== input.syncRoleAndGroups;
    if (!changed) return { changed };
    await tx.ssoConnectionSettings.upsert({
      where: { clientId: input.clientId },
      create: { clientId: input.clientId, teamId: input.teamId, attributeMapping: input.mapping, syncRoleAndGroups: input.syncRoleAndGroups },
      update: { attributeMapping: input.mapping, syncRoleAndGroups: input.syncRoleAndGroups },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: "saml.connection_changed",
      target: { type: "saml_connection", id: input.clientId },
      details: {
        change: "attribute_mapping",
        mapping: input.mapping,
        ...(prevSync !== input.syncRoleAndGroups && { syncRoleAndGroups: { from: prevSync, to: input.syncRoleAndGroups } }),
      },
    });
    return { changed };
  });
}

const handoffKey = (teamId: string, nameId: string) => `${teamId}:${nameId}`;

/** acs.ts: the response for `nameId` in `teamId` was verified with this connection's certificate. */
export async function recordLoginHandoff(db: Db, input: { teamId: string; nameId: string | null; clientId: string; idpEntityId: string }, now = new Date()) {
  await ensureConnectionSettings(db, { clientId: input.clientId, teamId: input.teamId, idpEntityId: input.idpEntityId });
  if (!input.nameId) return;
  const key = handoffKey(input.teamId, input.nameId);
  const expiresAt = new Date(now.getTime() + HANDOFF_MS);
  await db.ssoLoginHandoff.upsert({ where: { key }, create: { key, clientId: input.clientId, expiresAt }, update: { clientId: input.clientId, expiresAt } });
  await db.ssoLoginHandoff.deleteMany({ where: { expiresAt: { lt: now } } });
}

/**
 * The connection a validated profile came through: the one the login asked for (idp_hint), else
 * the one acs.ts verified this subject's response with, else the team's only connection.
 */
export async function resolveLoginConnection(db: Db, teamId: string, profile: SamlProfile, nameId: string | null, now = new Date()): Promise<string | null> {
  const asked = [profile.requested?.idp_hint, profile.requested?.client_id].filter((v): v is string => typeof v === "string" && v.length > 0);
  if (asked.length) {
    const row = await db.ssoConnectionSettings.findFirst({ where: { teamId, clientId: { in: asked } }, select: { clientId: true } });
    if (row) return row.clientId;
  }
  if (nameId) {
    const handoff = await db.ssoLoginHandoff.findUnique({ where: { key: handoffKey(teamId, nameId) } });
    if (handoff && handoff.expiresAt > now) return handoff.clientId;
  }
  const rows = await db.ssoConnectionSettings.findMany({ where: { teamId }, select: { clientId: true }, orderBy: { lastAssertionAt: { sort: "desc", nulls: "last" } }, take: 2 });
  return rows.length === 1 ? rows[0].clientId : null;
}

/** The attributes of the assertion a connection just received (the mapping preview's input). */
export async function recordLastAssertion(db: Db, teamId: string, clientId: string, sent: SentAssertion, now = new Date()): Promise<void> {
  await db.ssoConnectionSettings.updateMany({
    where: { clientId, teamId },
    data: { lastAssertion: sent as unknown as Prisma.InputJsonValue, lastAssertionAt: now },
  });
}

export async function recordSuccessfulSignIn(db: Db, teamId: string, clientId: string, email: string, now = new Date()): Promise<void> {
  await db.ssoConnectionSettings.updateMany({ where: { clientId, teamId }, data: { lastSignInAt: now, lastSignInEmail: email } });
}
