// The membership side of a SAML login for one team, after the assertion was validated: decide
// (jit.ts, pure), then write through the membership domain layer: recordSignIn for a member,
// updateMember for a fresher name, addMember for just-in-time provisioning. Every login and every
// refusal is audited in the team. It lives here, above lib/members, so the domain layer never
// imports the SAML protocol code.
import type { Actor } from "../audit/actor";
import { can } from "../auth/permissions";
import { recordAudit } from "../audit/record-audit";
import type { Role } from "../db/generated/enums";
import { domainsTrustedBy } from "./connection-routing";
import { decideSamlLogin, emailVerifiedClaim, type NameChanges, type RefusalReason } from "./jit";
import type { SamlProfile } from "./profile";
import { mapAssertion, sentAssertionFromRaw, type MappedAssertion } from "./attribute-mapping";
import type { VouchingConnection } from "./code-origin";
import { getConnectionSettings, recordLastAssertion, recordSuccessfulSignIn } from "./connection-settings";
import { loginRefusalMessage, recordSignInRefusal } from "./sign-in-record";
import { syncRoleAndGroupsSafely } from "./sync-role-groups";
import { addMember } from "../members/add-member";
import { DuplicateMemberError } from "../members/errors";
import { isEmail, normalizeEmail } from "../members/normalize";
import type { ProfileChanges } from "../members/profile";
import { recordSignIn } from "../members/record-sign-in";
import type { Db } from "../members/types";
import { updateMember } from "../members/update-member";
// decideSamlLogin signs in only addresses of the team's verified domains: the IdP vouches for them.
import { markProvedBySso } from "../members/unproven-account";
import { namesAnotherTeamsPerson, onVerifiedDomain } from "./another-teams-person";

export type SsoLoginRefusal = RefusalReason | "unknown_team" | "unknown_connection" | "owner_connection" | "conflict";

export type SsoLoginResult =
  /** teamOnly: an admin's connection vouched, so the session must reach this team only. connectionClientId: the one that vouched; codeIssuedAt: when its answer's code was issued. */
  | { ok: true; outcome: "signed_in" | "provisioned"; user: { id: string; email: string; name: string | null }; teamOnly: boolean; connectionClientId: string; codeIssuedAt?: Date }
  | { ok: false; reason: SsoLoginRefusal };

/** vouchedBy: the connection whose IdP vouched for the login (code-origin.ts); null when unknown. */
export type SsoLoginInput = { teamId: string; profile: SamlProfile; flow: "sp-initiated" | "idp-initiated"; vouchedBy: VouchingConnection | null };

const samlActor = (email: string | null): Extract<Actor, { type: "saml" }> => ({ type: "saml", label: email ? `SAML: ${email}` : "SAML" });

export async function completeSsoLogin(db: Db, { teamId, profile: received, flow, vouchedBy }: SsoLoginInput): Promise<SsoLoginResult> {
  const team = await db.team.findUnique({
    where: { id: teamId },
    select: {
      id: true,
      jitProvisioning: true,
      defaultRole: true,
      domains: { where: { verifiedAt: { not: null } }, select: { domain: true, connectionId: true } },
      ssoConnections: { select: { id: true, clientId: true, kind: true, createdAt: true, ownerConfigured: true } },
      ssoChangedAt: true,
      groups: { where: { mappedRole: { not: null } }, select: { displayNameNormalized: true, mappedRole: true } },
    },
  });
  if (!team) return { ok: false, reason: "unknown_team" };

  // What the IdP sent, read through the connection's mapping and the dialect table
  // (attribute-mapping.ts): the decision below sees only Gatehouse's own names.
  // jackson always hands over `raw`; a profile without it carries only jackson's named fields.
  const raw = received.raw ?? {
    email: received.email,
    firstName: received.firstName,
    lastName: received.lastName,
    roles: received.roles,
    groups: received.groups,
  };
  const sent = sentAssertionFromRaw(raw, received.id);
  // Only one of this team's connections, of the kind that vouched, may vouch for its people.
  // An answer the team's connections gave before who can vouch through them changed (a connection
  // deleted, another certificate) vouches for nothing: the session's insert checks it again, race-free.
  const answeredBeforeChange = !!(vouchedBy?.issuedAt && team.ssoChangedAt && vouchedBy.issuedAt <= team.ssoChangedAt);
  const vouching = answeredBeforeChange ? null : trustedConnection(team, vouchedBy);
  if (!vouching) {
    const email = received.email?.trim() || null;
    await recordSsoRefusal(db, { teamId, email, reason: "unknown_connection", flow });
    await recordSignInRefusal(db, { teamId, clientId: null, reason: "unknown_connection", email, message: loginRefusalMessage("unknown_connection", email) });
    return { ok: false, reason: "unknown_connection" };
  }
  const clientId = vouching.clientId;
  const settings = await getConnectionSettings(db, teamId, clientId);
  // The owners' approval read again, after the mapping: an admin's change of the mapping withdraws
  // it in the same transaction (connection-settings.ts), so a login that reads the new mapping reads
  // the withdrawal too. Read before it only, a change committing in between gave the admin's mapping
  // the owners' approval (found by review: an admin signed in as an owner by timing the two).
  const ownerConfigured =
    vouching.ownerConfigured && (await db.ssoConnection.findFirst({ where: { teamId, clientId }, select: { ownerConfigured: true } }))?.ownerConfigured === true;
  const mapped = mapAssertion(sent, settings?.mapping);
  const profile = mappedProfile(received, mapped);
  // Maybe another team's person (another-teams-person.ts): unless their address is on one of this
  // team's verified domains, neither what the IdP said nor their address is kept here.
  const othersPerson =
    !onVerifiedDomain(profile.email, team.domains) && (vouchedBy?.sharedWithOtherTeams === true || (await namesAnotherTeamsPerson(db, teamId, sent)));
  if (!othersPerson) await recordLastAssertion(db, teamId, clientId, sent);

  const rawEmail = profile.email?.trim() ?? "";
  const user = isEmail(rawEmail)
    ? await db.user.findUnique({ where: { emailNormalized: normalizeEmail(rawEmail) }, select: { id: true, email: true, name: true } })
    : null;
  const membership = user
    ? await db.membership.findUnique({
        where: { teamId_userId: { teamId, userId: user.id } },
        select: { id: true, status: true, role: true, nameFormatted: true, givenName: true, familyName: true },
      })
    : null;

  const decision = decideSamlLogin({
    profile,
    team: {
      jitProvisioning: team.jitProvisioning,
      defaultRole: team.defaultRole,
      verifiedDomains: vouching.domains,
      groupRoles: Object.fromEntries(team.groups.map((g) => [g.displayNameNormalized, g.mappedRole as Role])),
    },
    membership,
    emailVerified: emailVerifiedClaim(received.raw),
    // The names this team holds: an IdP refreshes its own team's view, never the shared account.
    user: membership && { name: membership.nameFormatted, givenName: membership.givenName, familyName: membership.familyName },
  });
  const actor = samlActor(decision.email);

  const refused = async (reason: SsoLoginRefusal, named: string | null, membershipId?: string): Promise<SsoLoginResult> => {
    const email = othersPerson ? null : named;
    await recordSsoRefusal(db, { teamId, email, reason, flow, membershipId });
    // The note may quote the NameID: not another team's person's.
    const emailNote = othersPerson ? undefined : mapped.rows.find((r) => r.target === "email")?.note;
    await recordSignInRefusal(db, { teamId, clientId, reason, email, message: loginRefusalMessage(reason, email, emailNote) });
    return { ok: false, reason };
  };
  const sync = settings?.syncRoleAndGroups ?? false;

  if (decision.kind === "refuse") return refused(decision.reason, decision.email, membership?.id);

  // An admin may configure SSO, but an IdP an admin chose must not make them an owner: owners sign
  // in only through a connection an owner set up as it is (connections.ts savesForOwners).
  const ownerBarred = (role: Role) => can(role, "members.grant_owner") && !ownerConfigured;
  /** The person is in: recorded in this team and on the connection; the session's reach decided. */
  const signedIn = async (outcome: "signed_in" | "provisioned", person: { id: string; email: string; name: string | null }): Promise<SsoLoginResult> => {
    // Decided from a membership read above (or just created): a deactivation or removal may have
    // committed since. Only an active member is signed in; otherwise the login is refused as it
    // would have been a moment later, and no session is opened after the team ended their access.
    if (!(await recordSignIn(db, person.id, "saml", { teamId }))) {
      const now = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId: person.id } }, select: { id: true } });
      return refused(now ? "deactivated" : "not_assigned", decision.email, now?.id);
    }
    await markProvedBySso(db, person.id, decision.email);
    await recordSuccessfulSignIn(db, teamId, clientId, decision.email);
    return { ok: true, outcome, user: person, teamOnly: !ownerConfigured, connectionClientId: clientId, codeIssuedAt: vouchedBy?.issuedAt };
  };
  if (decision.kind === "sign_in" && membership && ownerBarred(membership.role)) return refused("owner_connection", decision.email, membership.id);

  if (decision.kind === "sign_in") {
    // decideSamlLogin signs in only a member it was given, so the person was read above.
    if (!user) throw new Error("SAML sign-in decided without the person");
    const changes = { ...extraProfile(mapped), ...profileNames(decision.nameChanges) };
    if (Object.keys(changes).length > 0) {
      // A stale name is not worth refusing a login over. updateMember writes (and audits) only real changes.
      await updateMember(db, { teamId, membershipId: decision.membershipId }, changes, actor).catch((e: unknown) => {
        console.error(`[saml] name refresh failed for ${decision.email}: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
    if (sync) await syncRoleAndGroupsSafely(db, { teamId, membershipId: decision.membershipId, role: mapped.role, groups: mapped.groups }, actor);
    return signedIn("signed_in", user);
  }

  try {
    const member = await addMember(
      db,
      {
        teamId,
        email: rawEmail,
        ...extraProfile(mapped),
        ...profileNames(decision.names),
        // Without the per-connection sync an IdP-chosen role is decided once, at creation, and
        // is then the admins' to change; with it, the IdP keeps deciding it, as through SCIM.
        ...(decision.role && { role: decision.role, roleSource: sync && decision.roleFrom === "attribute" ? ("SCIM" as const) : ("MANUAL" as const) }),
        source: "SSO",
      },
      actor,
    );
    if (sync) await syncRoleAndGroupsSafely(db, { teamId, membershipId: member.id, role: mapped.role, groups: mapped.groups }, actor);
    return signedIn("provisioned", { id: member.userId, email: member.user.email, name: member.user.name });
  } catch (e) {
    if (!(e instanceof DuplicateMemberError)) throw e;
    // Two first logins at once: the other one created the member; sign this one in the same way.
    const existing = await db.membership.findFirst({
      where: { teamId, user: { emailNormalized: normalizeEmail(rawEmail) } },
      include: { user: true },
    });
    if (existing?.status === "ACTIVE" && ownerBarred(existing.role)) return refused("owner_connection", decision.email, existing.id);
    if (existing?.status === "ACTIVE") return signedIn("signed_in", { id: existing.userId, email: existing.user.email, name: existing.user.name });
    // The userName is held by someone else in this team (e.g. a SCIM userName equal to this email).
    return refused("conflict", decision.email);
  }
}

/**
 * The team's connection that vouched for this login, and the verified domains it may vouch for:
 * those routed to it. A team whose connection predates connection rows (none yet) has only that
 * one SAML connection, which vouches for all its verified domains, as it did then.
 */
function trustedConnection(
  team: { domains: { domain: string; connectionId: string | null }[]; ssoConnections: { id: string; clientId: string; kind: string; createdAt: Date; ownerConfigured: boolean }[] },
  vouchedBy: VouchingConnection | null,
): { clientId: string; domains: string[]; ownerConfigured: boolean } | null {
  if (!vouchedBy) return null;
  const domains = team.domains.map((d) => ({ ...d, verified: true }));
  if (team.ssoConnections.length === 0) {
    // Nobody recorded who set it up: it signs in members and admins, not owners, until an owner saves it.
    return vouchedBy.kind === "saml" ? { clientId: vouchedBy.clientId, domains: domains.map((d) => d.domain), ownerConfigured: false } : null;
  }
  const row = team.ssoConnections.find((c) => c.clientId === vouchedBy.clientId && c.kind === vouchedBy.kind);
  return row ? { clientId: row.clientId, domains: domainsTrustedBy(row.id, domains, team.ssoConnections), ownerConfigured: row.ownerConfigured } : null;
}

/** The profile as jit.ts reads it: Gatehouse's names, filled from the mapped assertion. */
function mappedProfile(received: SamlProfile, mapped: MappedAssertion): SamlProfile {
  return {
    ...received,
    email: mapped.email ?? undefined,
    firstName: mapped.profile.givenName,
    lastName: mapped.profile.familyName,
    roles: mapped.roleValues,
    groups: mapped.groups,
    // Read through the mapping above; jit.ts must not find a second source in the raw claims.
    raw: {},
  };
}

/** Mapped profile fields other than the names jit.ts decides about (title, department, …). */
function extraProfile(mapped: MappedAssertion): ProfileChanges {
  const { givenName: _g, familyName: _f, nameFormatted: _n, ...rest } = mapped.profile;
  return rest;
}

/** SAML's name attributes as the team's profile fields. */
function profileNames(names: NameChanges): ProfileChanges {
  return {
    ...(names.name !== undefined && { nameFormatted: names.name }),
    ...(names.givenName !== undefined && { givenName: names.givenName }),
    ...(names.familyName !== undefined && { familyName: names.familyName }),
  };
}

/** Audits a refused SAML login in the team: after validation (above) or of the assertion itself. */
export async function recordSsoRefusal(
  db: Db,
  input: { teamId: string; email: string | null; reason: string; flow?: string; membershipId?: string; detail?: string },
): Promise<void> {
  await recordAudit(db, {
    teamId: input.teamId,
    actor: samlActor(input.email),
    action: "member.login_refused",
    ...(input.membershipId && { target: { type: "member", id: input.membershipId, label: input.email ?? undefined } }),
    details: {
      method: "saml",
      reason: input.reason,
      ...(input.email && { email: input.email }),
      ...(input.flow && { flow: input.flow }),
      ...(input.detail && { detail: input.detail.slice(0, 500) }),
    },
  });
}
