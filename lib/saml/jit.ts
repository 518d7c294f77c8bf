// What a validated SAML login means for one team: sign an existing member in, create one
// (just-in-time provisioning), or refuse and say why. Pure: it decides from the assertion
// profile, the team's settings and the existing membership; sso-login.ts writes through lib/members.
// Table-tested in jit.test.ts.
import type { MembershipStatus, Role } from "../db/generated/enums";
import { normalizeGroupName } from "../groups/group-name";
import { assertedRole, cappedRole } from "./asserted-role";
import { isEmail, normalizeEmail } from "../members/normalize";
import { vouchableEmailDomain } from "./domains";
import { rawValues, type SamlProfile } from "./profile";

export type JitTeam = {
  jitProvisioning: boolean;
  defaultRole: Role;
  /** Lower-cased verified domains: the only emails this team's IdP is trusted to vouch for. */
  verifiedDomains: string[];
  /** Lower-cased group name -> role, from the team's role-mapped groups. */
  groupRoles: Record<string, Role>;
};

export type JitMembership = { id: string; status: MembershipStatus };
export type JitUser = { name: string | null; givenName: string | null; familyName: string | null };

export type NameChanges = { name?: string; givenName?: string; familyName?: string };

export type RefusalReason =
  /** No usable email in the assertion. */
  | "no_email"
  /** An OpenID provider said the address is not verified (email_verified: false). */
  | "email_unverified"
  /** The email's domain is not verified by this team. */
  | "domain_not_verified"
  /** A member of the team, but deactivated. */
  | "deactivated"
  /** Unknown to the team and just-in-time provisioning is off. */
  | "not_assigned";

export type JitDecision =
  | { kind: "refuse"; reason: RefusalReason; email: string | null }
  | { kind: "sign_in"; email: string; membershipId: string; nameChanges: NameChanges }
  | {
      kind: "provision";
      email: string;
      names: NameChanges;
      /** null: the team's default role. */
      role: Role | null;
      roleFrom: "attribute" | "group" | "default";
    };

/** A role named by the IdP's role attribute ("role", "roles" or the Microsoft role claim). */
export function roleFromAttribute(profile: SamlProfile): Role | null {
  return assertedRole([...(profile.roles ?? []), ...rawValues(profile, "role", "gatehouseRole")]);
}

/** The highest role among the team's role-mapped groups the assertion lists. */
export function roleFromGroups(profile: SamlProfile, groupRoles: Record<string, Role>): Role | null {
  const groups = [...(profile.groups ?? []), ...rawValues(profile, "memberOf")];
  // Own keys only: the IdP names groups, and "constructor" or "toString" must not read Object's.
  const roleOf = (key: string) => (Object.hasOwn(groupRoles, key) ? groupRoles[key] : undefined);
  return cappedRole(groups.map((g) => roleOf(normalizeGroupName(g.trim()))).filter((r): r is Role => !!r));
}

export function namesFromProfile(profile: SamlProfile): NameChanges {
  const givenName = profile.firstName?.trim() || undefined;
  const familyName = profile.lastName?.trim() || undefined;
  const name = [givenName, familyName].filter(Boolean).join(" ") || undefined;
  return { ...(name && { name }), ...(givenName && { givenName }), ...(familyName && { familyName }) };
}

/**
 * False unless the login's claims say the address was verified, when they say anything (OIDC's
 * email_verified; some providers send it as a string or a number). An unverified address proves
 * nothing about who signs in: with a provider that lets people type any address (a social or
 * self-service one), anybody could claim a member's email. Absent (SAML, most enterprise IdPs) is
 * not a refusal; any value but a true one is (0 and "no" passed as absent; found by review).
 */
export function emailVerifiedClaim(raw: Record<string, unknown> | undefined): boolean | undefined {
  const v = raw?.email_verified;
  if (v === undefined || v === null || v === "") return undefined;
  const text = String(v).trim().toLowerCase();
  return v === true || v === 1 || text === "true" || text === "1";
}

export function decideSamlLogin(input: {
  profile: SamlProfile;
  team: JitTeam;
  membership: JitMembership | null;
  user: JitUser | null;
  /** emailVerifiedClaim of what the provider sent: false refuses. */
  emailVerified?: boolean;
}): JitDecision {
  const { profile, team, membership, user } = input;
  const rawEmail = profile.email?.trim() ?? "";
  if (!rawEmail || !isEmail(rawEmail)) return { kind: "refuse", reason: "no_email", email: rawEmail || null };
  const email = normalizeEmail(rawEmail);
  if (input.emailVerified === false) return { kind: "refuse", reason: "email_unverified", email };

  // Accounts are shared across teams; an IdP only speaks for the domains its team proved it owns,
  // or one team's IdP could sign in as anybody and reach their other teams.
  const domain = vouchableEmailDomain(email);
  if (!domain || !team.verifiedDomains.includes(domain)) return { kind: "refuse", reason: "domain_not_verified", email };

  const names = namesFromProfile(profile);
  if (membership) {
    if (membership.status !== "ACTIVE") return { kind: "refuse", reason: "deactivated", email };
    const nameChanges: NameChanges = {};
    for (const key of ["name", "givenName", "familyName"] as const) {
      // Surrounding spaces aside: SCIM keeps a name as the IdP sent it ("Ann "), the assertion's is
      // trimmed, and the two rewrote each other at every sign-in and sync (found by review).
      if (names[key] !== undefined && names[key] !== user?.[key]?.trim()) nameChanges[key] = names[key];
    }
    return { kind: "sign_in", email, membershipId: membership.id, nameChanges };
  }

  if (!team.jitProvisioning) return { kind: "refuse", reason: "not_assigned", email };
  const fromAttribute = roleFromAttribute(profile);
  if (fromAttribute) return { kind: "provision", email, names, role: fromAttribute, roleFrom: "attribute" };
  const fromGroups = roleFromGroups(profile, team.groupRoles);
  if (fromGroups) return { kind: "provision", email, names, role: fromGroups, roleFrom: "group" };
  return { kind: "provision", email, names, role: null, roleFrom: "default" };
}
