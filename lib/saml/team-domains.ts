// A team's SSO email domains: claim, prove (DNS TXT, or an owner's manual confirmation where the
// operator allows it) and release. Every change is audited with the change itself.
import crypto from "node:crypto";
import { systemActor, type Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { isUniqueViolation } from "../db/errors";
import type { Db, Tx } from "../members/types";
import { checkDomainTxt, type TxtLookup } from "./domain-dns";
import { parseDomain } from "./domains";
import { savesForOwners, withdrawApprovalWhereTrustWidens } from "./owner-approval";
import { SsoError } from "./errors";

const refuse = (message: string) => new SsoError("rejected", message, 400);

/**
 * Claims of one domain, across teams, are added and verified one at a time: an Add that read no
 * verified claim while another team's verification was committing would otherwise leave a claim
 * that can never be verified (one verified claim per domain). Held to the transaction's end.
 */
const lockDomain = (tx: Tx, domain: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`team-domain:${domain}`}, 0))`;

export function listTeamDomains(db: Db, teamId: string) {
  return db.teamDomain.findMany({ where: { teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/**
 * Claims a domain for the team, with a token of its own to publish. Several teams may claim one
 * domain while none has proved it: a claim proves nothing, so it neither blocks nor displaces
 * another (one taking over the other let anyone with a team keep a company from ever verifying its
 * domain, by re-adding it as often as the company did: found by review). The first to verify
 * holds it (verifyTeamDomain).
 */
export async function addTeamDomain(db: Db, teamId: string, input: string, actor: Actor) {
  const parsed = parseDomain(input);
  if (!parsed.ok) throw refuse(parsed.message);
  const { domain } = parsed;
  const verifiedElsewhere = () => refuse(`${domain} is already verified by another team. Ask its owners to remove it first.`);
  try {
    return await db.$transaction(async (tx) => {
      await lockDomain(tx, domain);
      if (await tx.teamDomain.count({ where: { teamId, domain } })) throw refuse(`${domain} is already on this team's list.`);
      if (await tx.teamDomain.count({ where: { domain, verifiedAt: { not: null } } })) throw verifiedElsewhere();
      const created = await tx.teamDomain.create({
        data: { teamId, domain, verificationToken: crypto.randomBytes(16).toString("hex") },
      });
      await recordAudit(tx, {
        teamId,
        actor,
        action: "saml.connection_changed",
        target: { type: "domain", id: created.id, label: domain },
        details: { change: "domain_added" },
      });
      return created;
    });
  } catch (e) {
    // Added twice at once by this team: the (teamId, domain) key refuses the second.
    if (isUniqueViolation(e)) throw refuse(`${domain} is already on this team's list.`);
    throw e;
  }
}

async function findOwnDomain(db: Db, teamId: string, domainId: string) {
  const row = await db.teamDomain.findFirst({ where: { id: domainId, teamId } });
  if (!row) throw refuse("That domain is no longer on this team's list.");
  return row;
}

export async function removeTeamDomain(db: Db, teamId: string, domainId: string, actor: Actor) {
  const row = await findOwnDomain(db, teamId, domainId);
  // A verified domain is what keeps every other team from claiming it: released, another team
  // (one an admin made for themselves) could verify it and sign in this team's owners through an
  // IdP of its own (found by review). Unverified claims prove nothing and anyone may drop them.
  const mayRelease = savesForOwners(actor);
  if (row.verifiedAt && !mayRelease) {
    throw refuse(`Only an owner can remove ${row.domain}: it is verified, and once released another team could verify it and sign its people in.`);
  }
  await db.$transaction(async (tx) => {
    // Checked again in the delete itself: read above, an owner may have verified it since.
    const deleted = await tx.$queryRaw<{ verifiedAt: Date | null }[]>`
      DELETE FROM "TeamDomain" WHERE id = ${row.id} AND "teamId" = ${teamId} AND (${mayRelease}::boolean OR "verifiedAt" IS NULL)
      RETURNING "verifiedAt"`;
    if (deleted.length === 0 && (await tx.teamDomain.count({ where: { id: row.id, teamId } })) > 0) {
      throw refuse(`Only an owner can remove ${row.domain}: it was just verified.`);
    }
    await recordAudit(tx, {
      teamId,
      actor,
      action: "saml.connection_changed",
      target: { type: "domain", id: row.id, label: row.domain },
      details: { change: "domain_removed", wasVerified: deleted.length > 0 ? deleted[0]!.verifiedAt !== null : !!row.verifiedAt },
    });
  });
  return row;
}

export type VerifyMethod = { kind: "dns"; lookup?: TxtLookup } | { kind: "manual" };

/**
 * Proves the team owns the domain. Returns the row, with the connections whose owners' approval
 * the change withdrew (owner-approval.ts); throws SsoError with what to fix otherwise.
 */
export async function verifyTeamDomain(db: Db, teamId: string, domainId: string, method: VerifyMethod, actor: Actor) {
  const row = await findOwnDomain(db, teamId, domainId);
  if (row.verifiedAt) return { ...row, ownerApprovalWithdrawn: [] as string[] };
  if (method.kind === "dns") {
    const check = await checkDomainTxt(row.domain, row.verificationToken, method.lookup);
    if (!check.ok) throw refuse(check.message);
  }
  try {
    return await db.$transaction(async (tx) => {
      await lockDomain(tx, row.domain);
      const { withdrawn } = await withdrawApprovalWhereTrustWidens(tx, teamId, actor, async () => {
        // The claim may have been removed while DNS was being asked.
        const { count } = await tx.teamDomain.updateMany({ where: { id: row.id, teamId, verifiedAt: null }, data: { verifiedAt: new Date() } });
        if (count === 0) throw refuse("That domain is no longer on this team's list.");
      });
      await recordAudit(tx, {
        teamId,
        actor,
        action: "saml.connection_changed",
        target: { type: "domain", id: row.id, label: row.domain },
        details: { change: "domain_verified", method: method.kind, ...(withdrawn.length > 0 && { ownerApprovalWithdrawn: withdrawn }) },
      });
      // The other teams' claims end here, each told in its own audit log (by no one of this team's).
      const others = await tx.$queryRaw<{ id: string; teamId: string }[]>`
        DELETE FROM "TeamDomain" WHERE domain = ${row.domain} AND "teamId" <> ${teamId} AND "verifiedAt" IS NULL RETURNING id, "teamId"`;
      for (const other of others) {
        await recordAudit(tx, {
          teamId: other.teamId,
          actor: systemActor("Gatehouse"),
          action: "saml.connection_changed",
          target: { type: "domain", id: other.id, label: row.domain },
          details: { change: "domain_removed", wasVerified: false, reason: "verified_by_another_team" },
        });
      }
      return { ...(await tx.teamDomain.findUniqueOrThrow({ where: { id: row.id } })), ownerApprovalWithdrawn: withdrawn };
    });
  } catch (e) {
    // Another team's claim verified first: one verified claim per domain (its partial unique index).
    if (isUniqueViolation(e)) throw refuse(`${row.domain} was just verified by another team.`);
    throw e;
  }
}

/** The team whose verified domain this email belongs to, if any. */
export function findVerifiedDomain(db: Db, domain: string) {
  return db.teamDomain.findFirst({
    where: { domain, verifiedAt: { not: null } },
    select: { teamId: true, domain: true, connectionId: true, team: { select: { id: true, name: true, ssoRequired: true } } },
  });
}

/** Routes a domain to one of the team's connections (null: the team's default connection); returns it as verifyTeamDomain does. */
export async function setDomainConnection(db: Db, teamId: string, domainId: string, connectionId: string | null, actor: Actor) {
  const row = await findOwnDomain(db, teamId, domainId);
  if (row.connectionId === connectionId) return { ...row, ownerApprovalWithdrawn: [] as string[] };
  return db.$transaction(async (tx) => {
    // The connection looked up under the team's lock (owner-approval.ts): a deletion committing
    // between the lookup and the update would otherwise fail it on the foreign key.
    const { result, withdrawn } = await withdrawApprovalWhereTrustWidens(tx, teamId, actor, async () => {
      const connection = connectionId ? await tx.ssoConnection.findFirst({ where: { id: connectionId, teamId } }) : null;
      if (connectionId && !connection) throw refuse("That connection no longer exists. Reload the page.");
      return { connection, updated: await tx.teamDomain.update({ where: { id: row.id }, data: { connectionId } }) };
    });
    const { connection, updated } = result;
    await recordAudit(tx, {
      teamId,
      actor,
      action: "saml.connection_changed",
      target: { type: "domain", id: row.id, label: row.domain },
      details: { change: "domain_routed", connection: connection?.label ?? "default", ...(withdrawn.length > 0 && { ownerApprovalWithdrawn: withdrawn }) },
    });
    return { ...updated, ownerApprovalWithdrawn: withdrawn };
  });
}
