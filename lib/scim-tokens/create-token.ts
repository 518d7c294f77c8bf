import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import type { Db, Tx } from "../db/types";
import { generateTokenSecret, hashTokenSecret, visiblePrefix } from "./token-secret";
import type { TokenScope } from "./token-scope";

export type CreatedToken = { id: string; name: string; prefix: string; expiresAt: Date | null; scope: TokenScope; secret: string };

/** Creates a SCIM token for a team. The secret is returned once and never stored. */
export async function createScimToken(
  db: Db,
  /** mayManageOwners: whether the creator may grant the Owner role (lib/members/owner-authority.ts). */
  input: { teamId: string; name: string; expiresAt?: Date | null; mayManageOwners: boolean; scope?: TokenScope },
  actor: Actor,
): Promise<CreatedToken> {
  const secret = generateTokenSecret();
  const token = await db.$transaction(async (tx) => createScimTokenInTx(tx, input, secret, actor));
  return { id: token.id, name: token.name, prefix: token.prefix, expiresAt: token.expiresAt, scope: token.scope as TokenScope, secret };
}

/** The same, inside a caller's transaction (rotation creates the successor and retires the old one together). */
export async function createScimTokenInTx(
  tx: Tx,
  input: { teamId: string; name: string; expiresAt?: Date | null; mayManageOwners: boolean; scope?: TokenScope },
  secret: string,
  actor: Actor,
) {
  const created = await tx.scimToken.create({
    data: {
      teamId: input.teamId,
      name: input.name,
      tokenHash: hashTokenSecret(secret),
      prefix: visiblePrefix(secret),
      expiresAt: input.expiresAt ?? null,
      mayManageOwners: input.mayManageOwners,
      // Its owner authority lasts while this person is an active owner (authenticate-token.ts).
      createdByUserId: actor.type === "user" ? actor.userId : null,
      scope: input.scope ?? "read-write",
    },
  });
  await recordAudit(tx, {
    teamId: input.teamId,
    actor,
    action: "scim_token.created",
    target: { type: "scim_token", id: created.id, label: created.name },
    details: { prefix: created.prefix, expiresAt: created.expiresAt?.toISOString() ?? null, mayManageOwners: created.mayManageOwners, scope: created.scope },
  });
  return created;
}
