import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { isUniqueViolation } from "../db/errors";
import { addMember } from "../members/add-member";
import { isEmail, normalizeEmail } from "../members/normalize";
import { memberInclude, type Db, type Tx } from "../members/types";
import { SlugTakenError, TeamInputError } from "./errors";
import { recordInstanceAudit } from "./instance-audit";
import { joinTransaction } from "./join-transaction";
import { checkSlug } from "./slug";

export type NewTeamOwner =
  /**
   * A signed-in person creating a team for themselves; viaPassword: their session proved the
   * account's password (an SSO session does not: a password someone else set may be on it).
   */
  | { userId: string; viaPassword: boolean }
  /** The first-run page or the operator CLI: the owner's account, created if new. */
  | { email: string; name?: string | null; password?: string };

export type CreateTeamInput = { name: string; slug: string; owner: NewTeamOwner };

/**
 * Creates a team and its owner in one transaction: the slug must be valid, not reserved and not
 * used by any team now or before (an old slug keeps redirecting to its team). Audited in the
 * team's log and in the instance-level trail.
 */
export async function createTeam(db: Db, input: CreateTeamInput, actor: Actor, options: { onlyIfNoTeam?: boolean } = {}) {
  const name = input.name.trim();
  if (!name) throw new TeamInputError("Enter a team name.");
  if (name.length > 100) throw new TeamInputError("Keep the team name to 100 characters or fewer.");
  const slugCheck = checkSlug(input.slug);
  if (!slugCheck.ok) throw new TeamInputError(slugCheck.message);
  const slug = slugCheck.slug;
  const owner = await resolveOwner(db, input.owner);
  // Whoever may create a team names its first owner: there is no owner yet whose authority counts.
  const creator: Actor = actor.type === "user" ? { ...actor, mayManageOwners: true } : actor;

  try {
    return await db.$transaction(async (tx) => {
      if (options.onlyIfNoTeam) await assertNoTeamYet(tx);
      await assertSlugFree(tx, slug);
      // A password chosen here (the first-run page) is for a new account only. The page is open to
      // anyone while the server has no team, all of them deleted included: on an address that has
      // an account it would hand that account, and every team it joins later, to whoever came first.
      if (owner.passwordHash && (await tx.user.count({ where: { emailNormalized: normalizeEmail(owner.email) } })) > 0) {
        throw new TeamInputError("An account with this email address already exists. Sign in and create the team from the team switcher, or have the operator create it (npm run team -- create).");
      }
      const team = await tx.team.create({ data: { name, slug } });
      const member = await addMember(
        joinTransaction(tx),
        // A signed-in person creating a team for themselves keeps their password and sessions; the
        // operator naming an existing, unproved account as owner does not vouch for its password.
        { teamId: team.id, email: owner.email, role: "OWNER", source: "MANUAL", passwordHash: owner.passwordHash, accountHolderPresent: "userId" in input.owner && input.owner.viaPassword },
        creator,
      );
      // The owner's own name belongs to their account, not to the team's profile of them.
      if (owner.name && member.user.name === null) await tx.user.update({ where: { id: member.userId }, data: { name: owner.name } });
      await recordAudit(tx, { teamId: team.id, actor, action: "team.created", target: { type: "team", id: team.id, label: slug }, details: { name } });
      await recordInstanceAudit(tx, { actor, action: "team.created", team, details: { name, owner: member.email } });
      return { team, owner: await tx.membership.findUniqueOrThrow({ where: { id: member.id }, include: memberInclude }) };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new SlugTakenError(slug);
    throw e;
  }
}

async function resolveOwner(db: Db, owner: NewTeamOwner): Promise<{ email: string; name: string | null; passwordHash?: string }> {
  if ("userId" in owner) {
    const user = await db.user.findUnique({ where: { id: owner.userId }, select: { email: true, name: true, emailNormalized: true } });
    if (!user?.emailNormalized) throw new TeamInputError("Your account cannot own a team: it has no sign-in address.");
    return { email: user.email, name: user.name };
  }
  const email = owner.email.trim();
  if (!isEmail(email)) throw new TeamInputError("Enter the owner's email address.");
  if (owner.password !== undefined && owner.password.length < 8) throw new TeamInputError("Choose a password of at least 8 characters.");
  return { email, name: owner.name?.trim() || null, passwordHash: owner.password ? await hashPassword(owner.password) : undefined };
}

export async function assertSlugFree(tx: Tx, slug: string, exceptTeamId?: string): Promise<void> {
  const [team, redirect] = await Promise.all([
    tx.team.findUnique({ where: { slug }, select: { id: true } }),
    tx.teamSlugRedirect.findUnique({ where: { slug }, select: { teamId: true } }),
  ]);
  if ((team && team.id !== exceptTeamId) || (redirect && redirect.teamId !== exceptTeamId)) throw new SlugTakenError(slug);
}

/** The first-run page may create a team only while there is none: two browsers racing get one. */
async function assertNoTeamYet(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`LOCK TABLE "Team" IN SHARE ROW EXCLUSIVE MODE`);
  if ((await tx.team.count()) > 0) throw new TeamInputError("This server already has a team. Sign in instead.");
}
