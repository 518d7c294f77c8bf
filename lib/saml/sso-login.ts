// The membership side of a SAML login for one team, after the assertion was validated: decide
// (jit.ts, pure), then write through the membership domain layer: recordSignIn for a member,
// updateMember for a fresher name, addMember for just-in-time provisioning. Every login and every
// refusal is audited in the team. It lives here, above lib/members, so the domain layer never
// imports the SAML protocol code.
import type { Actor } from "../audit/actor";
import { recordAudit } from "../audit/record-audit";
import type { Role } from "../db/generated/enums";
import { domainsTrustedBy } from "./connection-routing";
import { decideSamlLogin, type NameChanges, type RefusalReason } from "./jit";
import type { SamlProfile } from "./profile";
import { addMember } from "../members/add-member";
import { DuplicateMemberError } from "../members/errors";
import { isEmail, normalizeEmail } from "../members/normalize";
import type { ProfileChanges } from "../members/profile";
import { recordSignIn } from "../members/record-sign-in";
import type { Db } from "../members/types";
import { updateMember } from "../members/update-member";

export type SsoLoginRefusal = RefusalReason | "unknown_team" | "conflict";

export type SsoLoginResult =
  | { ok: true; outcome: "signed_in" | "provisioned"; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: SsoLoginRefusal };

/** connection: jackson's clientID of the connection that validated the login, when known. */
export type SsoLoginInput = { teamId: string; profile: SamlProfile; flow: "sp-initiated" | "idp-initiated"; connection?: string };

const samlActor = (email: string | null): Actor => ({ type: "saml", label: email ? `SAML: ${email}` : "SAML" });

export async function completeSsoLogin(db: Db, { teamId, profile, flow, connection }: SsoLoginInput): Promise<SsoLoginResult> {
  const team = await db.team.findUnique({
    where: { id: teamId },
    select: {
      id: true,
      jitProvisioning: true,
      defaultRole: true,
      domains: { where: { verifiedAt: { not: null } }, select: { domain: true, connectionId: true } },
      ssoConnections: { select: { id: true, clientId: true, kind: true, createdAt: true } },
      groups: { where: { mappedRole: { not: null } }, select: { displayNameNormalized: true, mappedRole: true } },
    },
  });
  if (!team) return { ok: false, reason: "unknown_team" };

  const rawEmail = profile.email?.trim() ?? "";
  const user = isEmail(rawEmail)
    ? await db.user.findUnique({ where: { emailNormalized: normalizeEmail(rawEmail) }, select: { id: true, email: true, name: true } })
    : null;
  const membership = user
    ? await db.membership.findUnique({
        where: { teamId_userId: { teamId, userId: user.id } },
        select: { id: true, status: true, nameFormatted: true, givenName: true, familyName: true },
      })
    : null;

  const decision = decideSamlLogin({
    profile,
    team: {
      jitProvisioning: team.jitProvisioning,
      defaultRole: team.defaultRole,
      verifiedDomains: trustedDomains(team, connection),
      groupRoles: Object.fromEntries(team.groups.map((g) => [g.displayNameNormalized, g.mappedRole as Role])),
    },
    membership,
    // The names this team holds: an IdP refreshes its own team's view, never the shared account.
    user: membership && { name: membership.nameFormatted, givenName: membership.givenName, familyName: membership.familyName },
  });
  const actor = samlActor(decision.email);

  if (decision.kind === "refuse") {
    await recordSsoRefusal(db, { teamId, email: decision.email, reason: decision.reason, flow, membershipId: membership?.id });
    return { ok: false, reason: decision.reason };
  }

  if (decision.kind === "sign_in") {
    // decideSamlLogin signs in only a member it was given, so the person was read above.
    if (!user) throw new Error("SAML sign-in decided without the person");
    if (Object.keys(decision.nameChanges).length > 0) {
      // A stale name is not worth refusing a login over.
      await updateMember(db, { teamId, membershipId: decision.membershipId }, profileNames(decision.nameChanges), actor).catch((e: unknown) => {
        console.error(`[saml] name refresh failed for ${decision.email}: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
    await recordSignIn(db, user.id, "saml", { teamId });
    return { ok: true, outcome: "signed_in", user: { id: user.id, email: user.email, name: user.name } };
  }

  try {
    const member = await addMember(
      db,
      {
        teamId,
        email: rawEmail,
        ...profileNames(decision.names),
        // An IdP-chosen role is decided once, at creation; afterwards it is the admins' to change.
        ...(decision.role && { role: decision.role, roleSource: "MANUAL" as const }),
        source: "SSO",
      },
      actor,
    );
    await recordSignIn(db, member.userId, "saml", { teamId });
    return { ok: true, outcome: "provisioned", user: { id: member.userId, email: member.user.email, name: member.user.name } };
  } catch (e) {
    if (!(e instanceof DuplicateMemberError)) throw e;
    // Two first logins at once: the other one created the member; sign this one in the same way.
    const existing = await db.membership.findFirst({
      where: { teamId, user: { emailNormalized: normalizeEmail(rawEmail) } },
      include: { user: true },
    });
    if (existing?.status === "ACTIVE") {
      await recordSignIn(db, existing.userId, "saml", { teamId });
      return { ok: true, outcome: "signed_in", user: { id: existing.userId, email: existing.user.email, name: existing.user.name } };
    }
    // The userName is held by someone else in this team (e.g. a SCIM userName equal to this email).
    await recordSsoRefusal(db, { teamId, email: decision.email, reason: "conflict", flow });
    return { ok: false, reason: "conflict" };
  }
}

/**
 * The verified domains the connection that validated this login may vouch for: those routed to
 * it. An IdP-initiated login names no connection (jackson does not say which one validated it);
 * it is SAML, so it may vouch for the domains routed to the team's SAML connections.
 */
function trustedDomains(
  team: { domains: { domain: string; connectionId: string | null }[]; ssoConnections: { id: string; clientId: string; kind: string; createdAt: Date }[] },
  connection: string | undefined,
): string[] {
  const domains = team.domains.map((d) => ({ ...d, verified: true }));
  if (team.ssoConnections.length === 0) return domains.map((d) => d.domain);
  const row = connection ? team.ssoConnections.find((c) => c.clientId === connection) : undefined;
  if (connection) return row ? domainsTrustedBy(row.id, domains, team.ssoConnections) : [];
  return team.ssoConnections.filter((c) => c.kind === "saml").flatMap((c) => domainsTrustedBy(c.id, domains, team.ssoConnections));
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
