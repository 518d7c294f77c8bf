// Where a login's one-time code came from (code-origin.ts), kept in the database so that any
// instance may redeem a code another one issued. Keyed by the code's SHA-256: the code itself is a
// credential until redeemed. Read once: redemption deletes the record.
import crypto from "node:crypto";
import type { Db } from "../members/types";
import type { CodeOrigin } from "./code-origin";
import { SSO_FLOW_TTL_SECONDS } from "./jackson-config";

// jackson's codes live SSO_FLOW_TTL_SECONDS; the record must outlive the code it describes.
const KEEP_MS = (SSO_FLOW_TTL_SECONDS + 60) * 1000;
// The record's clientId column holds the verifying connections as JSON, or this for an OpenID code
// (followed by its connection's redirect key).
const OIDC = "(oidc)";

const keyOf = (code: string) => `code:${crypto.createHash("sha256").update(code).digest("hex")}`;

/** Throws when the code already has a record. */
export async function recordCodeOrigin(db: Db, code: string, origin: CodeOrigin, now = new Date()): Promise<void> {
  const clientId = origin.kind === "saml" ? JSON.stringify(origin.verifiedBy) : origin.redirectKey ? `${OIDC}:${origin.redirectKey}` : OIDC;
  const key = keyOf(code);
  const expiresAt = new Date(now.getTime() + KEEP_MS);
  await db.ssoLoginHandoff.deleteMany({ where: { expiresAt: { lt: now } } });
  // Written once: a second record for a code (which jackson never issues twice) is someone trying
  // to relabel it, and the insert's unique key refuses it.
  await db.ssoLoginHandoff.create({ data: { key, clientId, expiresAt } });
}

/** The origin of a code being redeemed, or null when none was recorded (or it expired). */
export async function takeCodeOrigin(db: Db, code: string, now = new Date()): Promise<CodeOrigin | null> {
  const key = keyOf(code);
  // jackson redeems a code once (it did, just before this), so two redemptions cannot race here.
  const row = await db.ssoLoginHandoff.findUnique({ where: { key } });
  if (!row) return null;
  await db.ssoLoginHandoff.deleteMany({ where: { key } });
  if (row.expiresAt <= now) return null;
  return row.clientId.startsWith(OIDC) ? { kind: "oidc" } : readSaml(row.clientId);
}

/**
 * Codes a connection's IdP answered for and nobody has redeemed yet vouch for nothing once the
 * connection is deleted or its IdP changes: whoever held the old IdP's key could otherwise mint
 * codes before the change and redeem them after it, for sessions nothing ends (found by review).
 */
export async function forgetCodesOf(db: Pick<Db, "ssoLoginHandoff">, connection: { kind: "saml"; clientId: string } | { kind: "oidc"; redirectKey: string }): Promise<void> {
  await db.ssoLoginHandoff.deleteMany({
    where: connection.kind === "saml" ? { clientId: { contains: JSON.stringify({ clientId: connection.clientId }).slice(1, -1) } } : { clientId: `${OIDC}:${connection.redirectKey}` },
  });
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
