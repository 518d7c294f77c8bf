import type { MembershipSource, MembershipStatus, Role, RoleSource } from "../db/generated/enums";
import { holdsStanding } from "../audit/standing";
import { isUniqueViolation } from "../db/errors";
import { directQueryFor } from "../db/direct-query";
import type { Actor } from "../audit/actor";
import { assertOwnerAuthority } from "./owner-authority";
import { recordAudit } from "../audit/record-audit";
import { DuplicateMemberError, InvalidMemberInputError } from "./errors";
import { consumeInvitationForEmail } from "./consume-invitation";
import { personJoiningByAddress } from "./lock-person";
import { lockTeam } from "./lock-team";
import { addNewPersonInOneStatement } from "./add-member-in-one-statement";
import { isEmail, normalizeEmail, normalizeUserName } from "./normalize";
import { newMembershipProfile, type ProfileChanges } from "./profile";
import type { Db, MemberWithUser, Person, Tx } from "./types";
import { closedToPassword, withdrawPasswordLinks } from "./unproven-account";

/** The profile fields are the team's own view of the person (profile.ts); absent ones are unassigned. */
export type AddMemberInput = ProfileChanges & {
  teamId: string;
  email: string;
  /** SCIM userName; defaults to the email. */
  userName?: string;
  externalId?: string | null;
  /** Defaults to the team's default role. */
  role?: Role;
  /** Who decided the role; DEFAULT when no role is given, MANUAL when one is and nothing says otherwise. */
  roleSource?: RoleSource;
  status?: MembershipStatus;
  source: MembershipSource;
  /** Local accounts only (seed, CLI); SCIM passwords are never stored. */
  passwordHash?: string;
  /**
   * The account's holder is the one joining, signed in as it (creating a team, accepting an
   * invitation): its password reaches the new membership even when its address is unproved.
   * Otherwise such an account's does not, until the address is proved (unproven-account.ts).
   */
  accountHolderPresent?: boolean;
};

/**
 * Adds a person to a team: finds or creates the User by email (case-insensitively) and creates
 * the Membership, audited, in one transaction. The SCIM POST, SAML just-in-time provisioning and
 * the Manage Team page's "Add member" all come through here.
 */
export async function addMember(db: Db, input: AddMemberInput, actor: Actor): Promise<MemberWithUser> {
  const email = input.email.trim();
  if (!email) throw new InvalidMemberInputError("email must not be empty");
  const userName = (input.userName ?? email).trim();
  if (!userName) throw new InvalidMemberInputError("userName must not be empty");

  const at = { ...input, email, userName };
  // The common case, a person new to Gatehouse, in one statement; anything else in a transaction.
  // Not within a caller's transaction (joinTransaction), which must hold the member itself: only a
  // client of its own has the direct path. Nor for a person's write, which holds their standing.
  if (isEmail(email) && directQueryFor(db) && !holdsStanding(actor)) {
    const added = await addNewPersonInOneStatement(db, at, actor);
    if (added) return added;
  }
  try {
    return await db.$transaction((tx) => addMemberInTx(tx, at, actor));
  } catch (e) {
    // The team lock makes this rare; a racing insert through another path still ends as a 409.
    if (isUniqueViolation(e)) throw new DuplicateMemberError(userName);
    throw e;
  }
}

async function addMemberInTx(
  tx: Tx,
  input: AddMemberInput & { email: string; userName: string },
  actor: Actor,
): Promise<MemberWithUser> {
  const team = await lockTeam(tx, input.teamId, actor);
  // A userName the team already has fails the INSERT below on its unique index, which addMember
  // answers as DuplicateMemberError: under the team lock nothing else can have taken it, so no
  // read first (one round trip less while every other write to the team waits). The failed
  // INSERT aborts the transaction, so a caller that joined its own (joinTransaction) cannot catch
  // the duplicate and go on in it.
  const userNameNormalized = normalizeUserName(input.userName);

  const status = input.status ?? "ACTIVE";
  const role = input.role ?? (team.defaultRole as Role);
  const { person: user, closed } = await resolvePerson(tx, input);
  // The person is already in hand: no second read of them with the new row (this runs under the team lock).
  const created = await tx.membership.create({
    data: {
      teamId: input.teamId,
      userId: user.id,
      role,
      roleSource: input.role ? (input.roleSource ?? "MANUAL") : "DEFAULT",
      status,
      source: input.source,
      userName: input.userName,
      userNameNormalized,
      email: input.email,
      emailNormalized: normalizeEmail(input.email),
      externalId: input.externalId ?? null,
      ...newMembershipProfile(input),
      deactivatedAt: status === "DEACTIVATED" ? new Date() : null,
      passwordMayEnter: !closed,
    },
  });
  // After the INSERT, so a duplicate is a 409 before a missing authority is a 403: IdPs match an
  // existing user on 409 (Okta, Entra). Refused, the transaction undoes the row.
  assertOwnerAuthority(actor, null, { role, status });
  const member: MemberWithUser = { ...created, user };
  // An invitation to the address the IdP just provisioned becomes this member: one person, not two.
  if (input.source === "SCIM") await consumeInvitationForEmail(tx, input.teamId, input.email, member.id, actor);
  await recordAudit(tx, {
    teamId: input.teamId,
    actor,
    action: "member.added",
    target: { type: "member", id: member.id, label: member.email },
    details: { role: member.role, status: member.status, source: member.source },
  });
  return member;
}

/**
 * The person behind a new membership: found or created by email, so someone provisioned into two
 * teams (or first signed in by SSO, then pushed by SCIM) is one account. SCIM does not make emails
 * unique or valid, so when the address cannot identify a person (not an address, or already
 * another member's in this team) the membership gets a directory-only person who cannot sign in.
 * An existing person keeps their account untouched (what this team says about them goes on the
 * new membership only), but a password that proves nothing about the address does not reach the
 * new membership unless the holder is the one joining (unproven-account.ts).
 */
async function resolvePerson(tx: Tx, input: AddMemberInput & { email: string }): Promise<{ person: Person; closed: boolean }> {
  if (!isEmail(input.email)) return { person: await createDirectoryOnlyPerson(tx, input), closed: false };
  let person: Person | null = null;
  // Twice at most: an account another team's IdP moved off the address while this waited for it
  // frees the address, which the second insert then takes for a new person.
  for (let attempt = 0; !person; attempt++) {
    const { inserted, inTeam } = await insertPersonIfNew(tx, input);
    if (inserted) return { person: inserted, closed: false };
    // An SSO login's own account already a member (SCIM created them under another userName while
    // the login decided, found by a concurrency review): not a second, directory-only member, and
    // not that placeholder signed in; the login signs in the member that is there (sso-login.ts).
    if (inTeam && input.source === "SSO") throw new DuplicateMemberError(input.userName ?? input.email);
    if (inTeam) return { person: await createDirectoryOnlyPerson(tx, input), closed: false };
    // Read now, not in insertPersonIfNew's statement: that one sees rows as they were when it
    // began, and its INSERT may have waited for another transaction that changed or inserted the
    // person. Held against an address move until this commits (lock-person.ts).
    person = await personJoiningByAddress(tx, normalizeEmail(input.email));
    if (!person && attempt > 0) throw new Error(`addMember: no person has ${input.email}, nor could one be made`);
  }
  const closed = input.accountHolderPresent ? false : await closedToPassword(tx, person.id);
  // A password set with them would reach this team, unless it is closed to the password: then
  // they stay, and a stranger's team adding the address does not cut its own team's admins off.
  if (!closed) await withdrawPasswordLinks(tx, person.id, "shown");
  return { person, closed };
}

function createDirectoryOnlyPerson(tx: Tx, input: AddMemberInput & { email: string }): Promise<Person> {
  return tx.user.create({ data: { email: input.email, emailNormalized: null }, omit: { passwordHash: true } });
}

type NoRow<T> = { [K in keyof T]: null };

/**
 * The person, inserted if the address is new (what an IdP's create usually brings: then this one
 * statement is all it costs), and whether this team already has someone with the address. That
 * answer holds: this team's memberships change only under the team lock this transaction holds.
 * ON CONFLICT DO NOTHING rather than find-then-create: the same person may be provisioned into
 * two teams at the same instant, and a failed INSERT would abort the transaction.
 */
async function insertPersonIfNew(tx: Tx, input: AddMemberInput & { email: string }): Promise<{ inserted: Person | null; inTeam: boolean }> {
  const emailNormalized = normalizeEmail(input.email);
  const [row] = await tx.$queryRaw<((Person | NoRow<Person>) & { inTeam: boolean })[]>`
    WITH inserted AS (
      INSERT INTO "User" (id, email, "emailNormalized", "passwordHash", "createdAt", "updatedAt")
      VALUES (${crypto.randomUUID()}, ${input.email}, ${emailNormalized}, ${input.passwordHash ?? null}, now(), now())
      ON CONFLICT ("emailNormalized") DO NOTHING
      RETURNING id, email, "emailNormalized", name, "emailVerifiedAt", "createdAt", "updatedAt"
    )
    SELECT inserted.*, EXISTS (
      SELECT 1 FROM "Membership" m JOIN "User" u ON u.id = m."userId"
       WHERE m."teamId" = ${input.teamId} AND u."emailNormalized" = ${emailNormalized}
    ) AS "inTeam"
    FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  if (row!.id === null) return { inserted: null, inTeam: row!.inTeam };
  const { inTeam, ...person } = row!;
  return { inserted: person, inTeam };
}
