import type { Actor } from "../audit/actor";
import type { Db } from "../members/types";
import { replaceUnprovedPassword } from "../members/unproven-account";
import { issuePasswordToken, TOKEN_TTL_MS } from "../password-reset/tokens";
import { appUrl } from "../env";
import { createTeam } from "./create-team";
import { joinTransaction } from "./join-transaction";

export type OperatorTeamResult = {
  slug: string;
  name: string;
  owner: string;
  /** "setup": a one-time link to choose a password; "sign_in": the owner already has one. */
  linkKind: "setup" | "sign_in";
  link: string;
  expiresAt: string | null;
};

/**
 * The operator CLI's team creation (`npm run team -- create`): the team, its owner (created when
 * new) and, for an owner without a password, a one-time setup link, all in one transaction, so a
 * team never exists without a way in for its owner. An existing account gets the sign-in page.
 */
export async function createTeamForOperator(db: Db, input: { slug: string; name: string; ownerEmail: string }, actor: Actor): Promise<OperatorTeamResult> {
  return db.$transaction(async (tx) => {
    const { team, owner } = await createTeam(joinTransaction(tx), { name: input.name, slug: input.slug, owner: { email: input.ownerEmail } }, actor);
    const base = { slug: team.slug, name: team.name, owner: owner.user.email };
    // An existing account whose address nobody proved: its password does not reach this team
    // (unproven-account.ts). The operator decides instead: that password goes, with the account's
    // sessions, and the owner chooses one with the setup link below, which this team trusts.
    if (!owner.passwordMayEnter) await replaceUnprovedPassword(tx, team.id, owner.userId);
    // Whether the owner can sign in with a password; a member carries no hash (members/types.ts).
    const hasPassword = (await tx.user.count({ where: { id: owner.userId, passwordHash: { not: null } } })) > 0;
    if (hasPassword) return { ...base, linkKind: "sign_in" as const, link: `${appUrl()}/login`, expiresAt: null };
    const token = await issuePasswordToken(tx, { userId: owner.userId, purpose: "owner_setup", createdByLabel: actor.label, ttlMs: TOKEN_TTL_MS.owner_setup });
    return { ...base, linkKind: "setup" as const, link: token.link, expiresAt: token.expiresAt.toISOString() };
  });
}
