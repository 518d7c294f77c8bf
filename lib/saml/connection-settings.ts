// What Gatehouse keeps per SSO connection, beside jackson's record of it (keyed by its
// clientID): the attribute mapping, the role-and-groups sync toggle, the last assertion (its
// attributes, never the XML) and the last sign-in. A team may have several connections; each
// login is attributed to the one that vouched for it (code-origin.ts).
import type { Prisma } from "../db/generated/client";
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../members/types";
import { readMapping, readSentAssertion, type AttributeMapping, type SentAssertion } from "./attribute-mapping";
import { savesForOwners } from "./owner-approval";

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
): Promise<{ changed: boolean; ownerApprovalWithdrawn: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await tx.ssoConnectionSettings.findUnique({ where: { clientId: input.clientId } });
    if (before && before.teamId !== input.teamId) throw new Error("connection of another team");
    const prevMapping = before ? readMapping(before.attributeMapping) : {};
    const prevSync = before?.syncRoleAndGroups ?? false;
    const changed = JSON.stringify(prevMapping) !== JSON.stringify(input.mapping) || prevSync !== input.syncRoleAndGroups;
    if (!changed) return { changed, ownerApprovalWithdrawn: false };
    await tx.ssoConnectionSettings.upsert({
      where: { clientId: input.clientId },
      create: { clientId: input.clientId, teamId: input.teamId, attributeMapping: input.mapping, syncRoleAndGroups: input.syncRoleAndGroups },
      update: { attributeMapping: input.mapping, syncRoleAndGroups: input.syncRoleAndGroups },
    });
    // The mapping decides what an assertion says, the signing-in address included: an admin who
    // maps "email" to another attribute the IdP sends (a manager's address) signs in as whoever it
    // names. So, as for a change of the IdP itself (connections.ts), a change by someone without an
    // owner's authority withdraws the owners' approval: the connection stops signing in owners
    // until an owner saves it again (found by review: an admin signed in as an owner this way).
    const withdrawn = !savesForOwners(actor) && (await tx.ssoConnection.updateMany({ where: { clientId: input.clientId, teamId: input.teamId, ownerConfigured: true }, data: { ownerConfigured: false } })).count > 0;
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: "saml.connection_changed",
      target: { type: "saml_connection", id: input.clientId },
      details: {
        change: "attribute_mapping",
        mapping: input.mapping,
        ...(prevSync !== input.syncRoleAndGroups && { syncRoleAndGroups: { from: prevSync, to: input.syncRoleAndGroups } }),
        ...(withdrawn && { ownerApproval: "withdrawn" }),
      },
    });
    return { changed, ownerApprovalWithdrawn: withdrawn };
  });
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
