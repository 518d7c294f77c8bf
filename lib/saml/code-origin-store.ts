// Where a login's one-time code came from (code-origin.ts), kept in the database so that any
// instance may redeem a code another one issued. Keyed by the code's SHA-256: the code itself is a
// credential until redeemed. Read once: redemption deletes the record.
import crypto from "node:crypto";
import { Prisma } from "../db/generated/client";
import type { Db } from "../members/types";
import { DB_NOW_UTC } from "../sessions/types";
import type { CodeOrigin } from "./code-origin";
import { SSO_FLOW_TTL_SECONDS } from "./jackson-config";

// jackson's codes live SSO_FLOW_TTL_SECONDS; the record must outlive the code it describes.
const KEEP_MS = (SSO_FLOW_TTL_SECONDS + 60) * 1000;
// The record's clientId column holds the verifying connections as JSON, or this for an OpenID code.
const OIDC = "(oidc)";

const keyOf = (code: string) => `code:${crypto.createHash("sha256").update(code).digest("hex")}`;

/** The database's clock now: when a login's answer began to be checked (its code's issue time). */
export async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT ${Prisma.raw(DB_NOW_UTC)} AS now`;
  return row!.now;
}

/**
 * Throws when the code already has a record. `issuedAt`: when the answer began to be checked
 * (databaseNow, before anything read the connection that checks it); so every code checked with a
 * connection's record from before a change has an issue time before the change's stamp.
 */
export async function recordCodeOrigin(db: Db, code: string, origin: CodeOrigin, now = new Date(), issuedAt?: Date): Promise<void> {
  const clientId = origin.kind === "saml" ? JSON.stringify(origin.verifiedBy) : OIDC;
  const key = keyOf(code);
  const expiresAt = new Date(now.getTime() + KEEP_MS);
  await db.ssoLoginHandoff.deleteMany({ where: { expiresAt: { lt: now } } });
  // Written once: a second record for a code (which jackson never issues twice) is someone trying
  // to relabel it, and the insert's unique key refuses it. Issued by the database's clock, which
  // stamps the team's SSO changes too (connections.ts).
  const issued = issuedAt ? Prisma.sql`${issuedAt}` : Prisma.raw(DB_NOW_UTC);
  await db.$executeRaw`INSERT INTO "SsoLoginHandoff" (key, "clientId", "expiresAt", "issuedAt") VALUES (${key}, ${clientId}, ${expiresAt}, ${issued})`;
}

/** The origin of a code being redeemed, or null when none was recorded (or it expired). */
export async function takeCodeOrigin(db: Db, code: string, now = new Date()): Promise<CodeOrigin | null> {
  // Taken and deleted in one statement: a record read, then deleted, could be used although a
  // change of the team's connections deleted it meanwhile (found by review).
  const [row] = await db.$queryRaw<{ clientId: string; expiresAt: Date; issuedAt: Date | null }[]>`
    DELETE FROM "SsoLoginHandoff" WHERE key = ${keyOf(code)} RETURNING "clientId", "expiresAt", "issuedAt"`;
  if (!row || row.expiresAt <= now) return null;
  // A record from before codes had an issue time: as if issued before any change.
  const issuedAt = row.issuedAt ?? new Date(0);
  const origin = row.clientId === OIDC ? ({ kind: "oidc" } as const) : readSaml(row.clientId);
  return origin && { ...origin, issuedAt };
}

function readSaml(text: string): CodeOrigin | null {
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list)) return null;
    const verifiedBy = list.filter((c): c is { teamId: string; clientId: string } => typeof c?.teamId === "string" && typeof c?.clientId === "string");
    return { kind: "saml", verifiedBy: verifiedBy.map(({ teamId, clientId }) => ({ teamId, clientId })) };
  } catch {
    return null;
  }
}
