import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/audit/actor";
import type { Permission } from "@/lib/auth/permissions";
import { appUrl } from "@/lib/env";
import type { Db } from "@/lib/members/types";
import { deleteTeamConnection, MAX_METADATA_LENGTH, saveOidcConnection, saveSamlConnection } from "@/lib/saml/connections";
import { getJackson } from "@/lib/saml/jackson";
import { oidcRedirectUrlFor } from "@/lib/saml/constants";
import { oidcRedirectKey } from "@/lib/saml/oidc-redirect-key";
import { isLoopbackOrigin } from "@/lib/saml/policy";
import { manualVerificationOnThisServer } from "@/lib/saml/manual-verification";
import { addTeamDomain, removeTeamDomain, setDomainConnection, verifyTeamDomain } from "@/lib/saml/team-domains";
import { createScimToken } from "@/lib/scim-tokens/create-token";
import type { SsoActionState } from "@/components/saml/types";
import { plainText } from "@/lib/plain-text";

// The SSO configuration commands shared by the team's SSO page (an owner or admin) and the setup
// link page (the customer's IT admin, no account): connections, domains, a SCIM token. Each one
// takes the principal already resolved (who, which team, what the permission table lets them do),
// validates the form with zod, calls lib/saml, and answers a form message; a thrown error reads as
// every action's does (action-error-message.ts), with nothing half-done.

export type SsoPrincipal = {
  db: Db;
  team: { id: string; name: string; slug: string };
  actor: Actor;
  can: (p: Permission) => boolean;
  /** Owners may mark a domain verified without DNS, where the operator allows it. */
  mayVerifyManually: boolean;
};

export const ok = (message: string, secret?: SsoActionState["secret"]): SsoActionState => ({ status: "success", message, at: Date.now(), ...(secret && { secret }) });
export const fail = (message: string): SsoActionState => ({ status: "error", message, at: Date.now() });

/** A command's permission check; what it throws is answered by the action around it (runAction). */
export async function runSso(principal: SsoPrincipal, permission: Permission, work: () => Promise<SsoActionState>): Promise<SsoActionState> {
  if (!principal.can(permission)) return fail("You don't have permission to change this.");
  return work();
}

const text = (max: number, tooLong = "One of the values is too long.") => plainText().max(max, tooLong).optional().default("");
const saveDeps = async (db: Db) => {
  const origin = appUrl();
  return { jackson: await getJackson(), db, appUrl: origin, allowLoopbackFetch: isLoopbackOrigin(origin) };
};

const samlSchema = z.object({
  connectionId: text(64),
  label: text(100),
  mode: z.enum(["xml", "url"]).catch("xml"),
  metadataXml: text(MAX_METADATA_LENGTH + 1000, "The metadata is too large; that is not IdP metadata."),
  metadataUrl: text(2000),
});

export async function saveSamlConnectionCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = samlSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Please check the form.");
  const { connectionId, label, mode, metadataXml, metadataUrl } = parsed.data;
  if (mode === "url" && !metadataUrl.trim()) return fail("Enter the metadata URL your identity provider publishes.");
  return runSso(principal, "sso.connections.write", async () => {
    const saved = await saveSamlConnection(
      await saveDeps(principal.db),
      principal.team,
      mode === "url" ? { kind: "url", url: metadataUrl } : { kind: "xml", xml: metadataXml },
      principal.actor,
      { connectionId: connectionId || null, label },
    );
    return ok(`Connected to ${saved.saml?.idpEntityId ?? saved.label}.`);
  });
}

const oidcSchema = z.object({
  connectionId: text(64),
  label: text(100),
  discoveryUrl: text(2000),
  clientId: text(500),
  clientSecret: text(2000),
});

export async function saveOidcConnectionCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = oidcSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Please check the form.");
  const { connectionId, label, ...source } = parsed.data;
  return runSso(principal, "sso.connections.write", async () => {
    const saved = await saveOidcConnection(await saveDeps(principal.db), principal.team, source, principal.actor, { connectionId: connectionId || null, label });
    const connected = `Connected to ${saved.oidc?.discoveryUrl ?? saved.label}.`;
    // Its redirect URI is derived from the discovery URL (oidc-redirect-key.ts): an edit of it
    // moves the URI, which the provider refuses until it is registered there (found by review).
    if (!connectionId || !saved.oidc || !saved.idpChanged.includes("discovery_url")) return ok(connected);
    const uri = oidcRedirectUrlFor(appUrl(), oidcRedirectKey(principal.team.id, saved.oidc.discoveryUrl));
    return ok(`${connected} Its redirect URI is now ${uri}: register it at your provider; sign-in through this connection fails until you do.`);
  });
}

// Row ids are UUIDs: anything else names no row, and is refused before it reaches the database
// (a NUL in one was a database error, answered "Something went wrong"; found by review).
const idSchema = z.object({ connectionId: z.uuid() });

export async function deleteConnectionCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = idSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That connection no longer exists. Reload the page.");
  return runSso(principal, "sso.connections.write", async () => {
    await deleteTeamConnection({ jackson: await getJackson(), db: principal.db }, principal.team.id, parsed.data.connectionId, principal.actor);
    return ok("The connection was deleted.");
  });
}

export async function addDomainCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const domain = z.string().max(300).safeParse(data.get("domain") ?? "");
  if (!domain.success) return fail("That is not a domain.");
  return runSso(principal, "sso.connections.write", async () => {
    const row = await addTeamDomain(principal.db, principal.team.id, domain.data, principal.actor);
    return ok(`${row.domain} added. Publish its TXT record, then check DNS.`);
  });
}

const domainIdSchema = z.object({ domainId: z.uuid() });

export async function verifyDomainCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = domainIdSchema.extend({ method: z.enum(["dns", "manual"]).catch("dns") }).safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That domain is no longer on this team's list.");
  const { domainId, method } = parsed.data;
  return runSso(principal, "sso.connections.write", async () => {
    if (method === "manual") {
      if (!manualVerificationOnThisServer()) {
        return fail("Manual verification is turned off on this server; publish the TXT record and check DNS.");
      }
      if (!principal.mayVerifyManually) return fail("Only owners can verify a domain without the DNS record.");
    }
    const row = await verifyTeamDomain(principal.db, principal.team.id, domainId, { kind: method }, principal.actor);
    return ok(`${row.domain} is verified.${approvalWithdrawn(row.ownerApprovalWithdrawn)}`);
  });
}

export async function removeDomainCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = domainIdSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That domain is no longer on this team's list.");
  return runSso(principal, "sso.connections.write", async () => {
    const row = await removeTeamDomain(principal.db, principal.team.id, parsed.data.domainId, principal.actor);
    return ok(`${row.domain} removed.`);
  });
}

export async function routeDomainCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = domainIdSchema.extend({ connectionId: z.union([z.literal(""), z.uuid()]) }).safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That domain is no longer on this team's list.");
  return runSso(principal, "sso.connections.write", async () => {
    const row = await setDomainConnection(principal.db, principal.team.id, parsed.data.domainId, parsed.data.connectionId || null, principal.actor);
    return ok(`${row.domain} now signs in through ${parsed.data.connectionId ? "the chosen connection" : "the default connection"}.${approvalWithdrawn(row.ownerApprovalWithdrawn)}`);
  });
}

/** What a domain change by someone without an owner's authority did to connections owners approved (lib/saml/owner-approval.ts). */
const approvalWithdrawn = (labels: string[]) =>
  labels.length === 0 ? "" : ` ${labels.map((l) => `“${l}”`).join(", ")} now signs in more addresses, so it no longer signs in owners until an owner saves it.`;

export async function createScimTokenCommand(principal: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = z.object({ name: plainText().trim().min(1, "Name the token, e.g. “Okta”.").max(100) }).safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Name the token.");
  return runSso(principal, "scim.tokens.create", async () => {
    const token = await createScimToken(principal.db, { teamId: principal.team.id, name: parsed.data.name, mayManageOwners: false }, principal.actor);
    return ok("Token created. Copy it now: it is shown only once.", {
      label: "SCIM token",
      value: token.secret,
      extra: { label: "SCIM endpoint", value: `${appUrl()}/api/scim/v2` },
    });
  });
}
