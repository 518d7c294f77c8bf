// POST /api/oauth/saml, the assertion consumer service, minus HTTP. Our own validation of the
// raw response first (verify-response.ts: structure, every signature, decryption, issuer,
// audience, lifetime, Recipient, Destination, InResponseTo), then replay, then jackson's own
// validation and the one-time code handed to next-auth. Every refusal of a response from a
// known IdP is audited in that IdP's team.
import type { SAMLSSORecord } from "@boxyhq/saml-jackson";
import type { Db } from "../members/types";
import { recordAudit } from "../audit/record-audit";
import { countHit } from "../rate-limit/claim-hits";
import { SAML_PRODUCT, spUrls } from "./constants";
import { callJackson, SsoError } from "./errors";
import { spKeyPair, type Jackson } from "./open-jackson";
import { markUsed, wasUsed } from "./replay-guard";
import { issuedCode } from "./code-origin";
import { databaseNow, recordCodeOrigin } from "./code-origin-store";
import { ensureConnectionSettings } from "./connection-settings";
import { vouchableEmailDomain } from "./domains";
import { recordSignInRefusal } from "./sign-in-record";
import {
  certificatesFrom,
  parseEnvelope,
  SAML_CLOCK_SKEW_MS,
  SamlRefusal,
  verifyEnvelope,
  type SamlEnvelope,
  type VerifiedResponse,
} from "./verify-response";

export type AcsDeps = {
  jackson: Jackson;
  db: Db;
  appUrl: string;
  now?: () => Date;
  /** The SP private key encrypted assertions are decrypted with (jackson's, by default). */
  decryptionKey?: () => Promise<string | null>;
};

export type AcsRefusal = "sso_invalid_response" | "sso_rejected" | "sso_replayed" | "sso_unavailable";

export type AcsOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "refused"; code: AcsRefusal; status: number; detail: string; reason?: string };

/** jackson marks the RelayState of the logins it started (SP-initiated) with this prefix. */
const SP_RELAY_STATE_PREFIX = "boxyhq_jackson_";

export async function handleSamlResponse(deps: AcsDeps, form: { SAMLResponse?: unknown; RelayState?: unknown }): Promise<AcsOutcome> {
  const now = deps.now?.() ?? new Date();
  // Before any connection is read: a code checked with a record a change replaced meanwhile is
  // issued before the change's stamp (code-origin-store.ts; found by review: stamped at the end,
  // a slow response checked with the old certificate got a code issued after it).
  const issuedAt = await databaseNow(deps.db);
  const samlResponse = typeof form.SAMLResponse === "string" ? form.SAMLResponse.trim() : "";
  const relayState = typeof form.RelayState === "string" ? form.RelayState : "";
  const urls = spUrls(deps.appUrl);

  let env: SamlEnvelope;
  try {
    env = parseEnvelope(samlResponse);
  } catch (e) {
    if (e instanceof SamlRefusal) return { kind: "refused", code: "sso_invalid_response", status: 400, detail: e.message, reason: e.reason };
    throw e;
  }

  let connections: SAMLSSORecord[];
  let teams: string[];
  // Where a refusal is recorded for the admins: each connection the response claims to come from.
  let recordFor: SAMLSSORecord[];
  try {
    connections = env.issuer ? await connectionsFor(deps.jackson, env.issuer) : [];
    teams = [...new Set(connections.map((c) => c.tenant))];
    recordFor = connections;
    // A response whose own Issuer was edited: audit it where the assertion's IdP belongs.
    if (teams.length === 0 && env.assertionIssuer && env.assertionIssuer !== env.issuer) {
      recordFor = await connectionsFor(deps.jackson, env.assertionIssuer);
      teams = [...new Set(recordFor.map((c) => c.tenant))];
    }
  } catch (e) {
    if (e instanceof SsoError) return { kind: "refused", code: "sso_unavailable", status: 503, detail: e.detail ?? e.message };
    throw e;
  }
  // `signedFor`: the teams whose connection's certificate verified every signature of the refused
  // response, so not something anyone who knows the entity ID can post (see auditRefusal). Another
  // team's connection naming the same entity ID (with its own certificate) does not count.
  const refuse = async (code: AcsRefusal, status: number, reason: string, detail: string, signedFor: ReadonlySet<string> = new Set()): Promise<AcsOutcome> => {
    await auditRefusal(deps.db, teams, reason, detail, signedFor);
    await recordRefusals(deps.db, recordFor, reason, detail);
    return { kind: "refused", code, status, detail, reason };
  };
  if (env.issuerProblem) return refuse("sso_rejected", 403, env.issuerProblem.reason, env.issuerProblem.message);
  if (connections.length === 0) {
    return teams.length > 0
      ? refuse("sso_rejected", 403, "wrong_issuer", "The response's Issuer differs from the assertion's")
      : { kind: "refused", code: "sso_rejected", status: 403, detail: "No SAML connection has this Issuer", reason: "unknown_idp" };
  }

  let verified: VerifiedResponse | null = null;
  const verifiedWith: SAMLSSORecord[] = [];
  let firstRefusal: SamlRefusal | null = null;
  const decryptionKey = env.xml.includes("EncryptedAssertion") ? await loadDecryptionKey(deps) : null;
  // Usually one connection per issuer; with several (one IdP for two teams), each whose
  // certificate verifies every signature is noted: the login may vouch only through its own
  // team's (code-origin.ts), and jackson checks with the one it picks.
  for (const connection of connections) {
    try {
      verified = verifyEnvelope(env, {
        acsUrl: urls.acsUrl,
        audience: urls.entityId,
        certificates: certificatesFrom(connection.idpMetadata.publicKey),
        decryptionKey,
        now,
      });
      verifiedWith.push(connection);
    } catch (e) {
      if (!(e instanceof SamlRefusal)) throw e;
      firstRefusal ??= e;
    }
  }
  if (!verified) return refuse("sso_rejected", 403, firstRefusal!.reason, firstRefusal!.message);
  // From here the response is the IdP's own: only the teams whose connection speaks for it hear of
  // a refusal (a stranger's team naming the same entity ID learnt when the customer's people
  // signed in), and it is them an IdP-initiated login goes to.
  const speaking = await speakingFor(deps.db, connections, verifiedWith, verified.nameId);
  recordFor = speaking.recordFor;
  teams = [...new Set(recordFor.map((c) => c.tenant))];
  const signedBy = () => new Set(teams);

  // Keys read from the verified assertion (and the response ID), so editing unsigned parts
  // (issuer text, extra elements, a stripped response signature) cannot make a new response.
  const keys = [`a:${verified.issuer}:${verified.assertionId}`, `r:${verified.issuer}:${verified.responseId}`];
  if (await wasUsed(deps.db, keys, now)) return refuse("sso_replayed", 403, "replayed", "This SAML response was already used", signedBy());

  // jackson compares InResponseTo with the request of the RelayState's session, but only when
  // the response carries one; here a login we started must answer it, and an answer to a
  // request cannot be posted as an unsolicited (IdP-initiated) response.
  const spFlow = relayState.startsWith(SP_RELAY_STATE_PREFIX);
  if (spFlow && !verified.inResponseTo) return refuse("sso_rejected", 403, "wrong_in_response_to", "The response does not answer the sign-in request (no InResponseTo)", signedBy());
  if (!spFlow && verified.inResponseTo) {
    return refuse("sso_rejected", 403, "wrong_in_response_to", "The response answers a sign-in request, so it cannot be used as an IdP-initiated one", signedBy());
  }

  // IdP-initiated from an issuer several teams have connections for (one entity ID may serve
  // several: Entra's is its tenant's, for every app there): the connection that speaks for the
  // response. jackson would otherwise answer with a page to pick one.
  let idpHint: string | undefined;
  if (!spFlow && connections.length > 1) {
    if (speaking.connections.length !== 1) {
      return refuse("sso_rejected", 403, "several_connections", "This IdP's entity ID is connected in several teams and the response's NameID is not an address on a domain one of them verified, so a tile cannot tell which team: sign in from Gatehouse's sign-in page (Continue with SSO)", signedBy());
    }
    idpHint = speaking.connections[0].clientID;
  }

  let result: Awaited<ReturnType<Jackson["oauthController"]["samlResponse"]>>;
  try {
    // Only the response, RelayState and the hint chosen above reach jackson: an idp_hint from the
    // poster would let them pick the connection.
    result = await callJackson("validate the SAML response", () =>
      deps.jackson.oauthController.samlResponse({ SAMLResponse: samlResponse, RelayState: relayState, ...(idpHint ? { idp_hint: idpHint } : {}) }),
    );
  } catch (e) {
    if (e instanceof SsoError && e.kind === "rejected") {
      const detail = e.detail ?? e.message;
      return refuse("sso_rejected", 403, jacksonReason(detail), detail, signedBy());
    }
    if (e instanceof SsoError) return { kind: "refused", code: "sso_unavailable", status: 503, detail: e.detail ?? e.message };
    throw e;
  }
  if (result.error || !result.redirect_url) {
    const detail = result.error ?? (result.app_select_form ? "The IdP is connected to several teams" : "No redirect from jackson");
    return refuse("sso_rejected", 403, jacksonReason(detail), detail, signedBy());
  }
  // Recorded only once valid, so junk cannot burn IDs; a concurrent replay loses the insert race.
  const forgetAfter = new Date(Math.max(verified.notOnOrAfter.getTime(), now.getTime()) + SAML_CLOCK_SKEW_MS);
  if (!(await markUsed(deps.db, keys, forgetAfter, now))) return refuse("sso_replayed", 403, "replayed", "This SAML response was already used", signedBy());
  // The login is trusted only as far as the connection whose certificate verified it (see
  // code-origin.ts): its code carries that, or the login is refused (a 503, not a guess).
  const code = issuedCode(result.redirect_url);
  if (code) {
    try {
      for (const c of verifiedWith) await ensureConnectionSettings(deps.db, { clientId: c.clientID, teamId: c.tenant, idpEntityId: verified.issuer });
      await recordCodeOrigin(deps.db, code, { kind: "saml", verifiedBy: verifiedWith.map((c) => ({ teamId: c.tenant, clientId: c.clientID })) }, now, issuedAt);
    } catch (e) {
      console.error(`[saml] could not record the login's connection: ${e instanceof Error ? e.message : String(e)}`);
      return { kind: "refused", code: "sso_unavailable", status: 503, detail: "could not record the login's connection" };
    }
  }
  return { kind: "redirect", location: result.redirect_url };
}

/**
 * Which connections speak for a response their certificate verified, and who hears of its refusal.
 * Usually one connection verified it: that one. Several teams may name one entity ID, and anyone
 * may save a connection from another team's public metadata, certificate included: the copy
 * verifies the genuine responses too (found by review). When several verified, only one of the
 * team that verified the domain of the NameID's address speaks (one team at most; a test sign-in
 * proves nothing here, a guest of the IdP on the copier's domain passes one). A refusal goes to
 * the speaking teams, else to that team's connections, else to the verifying ones: never the
 * people's data (a copy that alone verifies, the IdP's new certificate in hand first, gets the
 * login, which its team cannot sign in and does not record: sso-login.ts, another-teams-person.ts).
 */
async function speakingFor(
  db: Db,
  connections: SAMLSSORecord[],
  verifiedWith: SAMLSSORecord[],
  nameId: string | null,
): Promise<{ connections: SAMLSSORecord[]; recordFor: SAMLSSORecord[] }> {
  // One verified it: that one (a connection of another team naming the entity ID with a
  // certificate of its own must not make the customer's logins ambiguous).
  if (connections.length < 2 || verifiedWith.length < 2) return { connections: verifiedWith, recordFor: verifiedWith };
  const domain = nameId ? vouchableEmailDomain(nameId) : null;
  const owner = domain ? await db.teamDomain.findFirst({ where: { domain, verifiedAt: { not: null } }, select: { teamId: true } }) : null;
  const speaking = verifiedWith.filter((c) => c.tenant === owner?.teamId);
  const ownersConnections = connections.filter((c) => c.tenant === owner?.teamId);
  return { connections: speaking, recordFor: speaking.length > 0 ? speaking : ownersConnections.length > 0 ? ownersConnections : verifiedWith };
}

/** jackson's refusals that come after ours: only InResponseTo is checked there alone (against its session). */
const jacksonReason = (detail: string) => (/InResponseTo/i.test(detail) ? "wrong_in_response_to" : "rejected_by_jackson");

async function connectionsFor(jackson: Jackson, entityId: string): Promise<SAMLSSORecord[]> {
  const all = await callJackson("find the SAML connection", () => jackson.connectionAPIController.getConnections({ entityId }));
  return all.filter((c): c is SAMLSSORecord => c.product === SAML_PRODUCT && "idpMetadata" in c);
}

async function loadDecryptionKey(deps: AcsDeps): Promise<string | null> {
  try {
    return deps.decryptionKey ? await deps.decryptionKey() : (await spKeyPair()).privateKey;
  } catch (e) {
    console.error(`[saml] no SP key to decrypt assertions: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/**
 * Refused responses audited per team per hour. Anyone who knows an IdP's entity ID (it is in its
 * public metadata) can post forged responses naming it, each once an audit event: unbounded, they
 * buried a team's real events and grew its log without limit. Past the cap one event says that
 * further refusals go unaudited this hour; the connection's sign-in record still shows the newest.
 * Responses whose signatures verified (a replay, a wrong InResponseTo, one jackson refuses) have a
 * budget of their own: only the IdP's key makes them, so they are the refusals that tell of a real
 * attack (a captured response replayed), and a flood of forged ones must not use up their audit.
 */
export const REFUSAL_AUDITS_PER_HOUR = 100;

/** Audits a refused response in the team(s) whose connection has the response's Issuer, up to the cap. */
async function auditRefusal(db: Db, teamIds: string[], reason: string, detail: string, signedFor: ReadonlySet<string>) {
  for (const teamId of teamIds) {
    try {
      if (!(await db.team.findUnique({ where: { id: teamId }, select: { id: true } }))) continue;
      const count = await countHit(db, `audit:saml-refused${signedFor.has(teamId) ? "-signed" : ""}:${teamId}`, { limit: REFUSAL_AUDITS_PER_HOUR, windowSeconds: 3600 });
      if (count > REFUSAL_AUDITS_PER_HOUR + 1) continue;
      await recordAudit(db, {
        teamId,
        actor: { type: "saml", label: "SAML" },
        action: "member.login_refused",
        details: { method: "saml", reason, detail: detail.slice(0, 500), ...(count > REFUSAL_AUDITS_PER_HOUR && { unauditedAfter: REFUSAL_AUDITS_PER_HOUR }) },
      });
    } catch (e) {
      console.error(`[saml] could not audit a refused response: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** The admins' per-connection record of refusals (sign-in-record.ts); the audit log has them too. */
async function recordRefusals(db: Db, connections: SAMLSSORecord[], reason: string, detail: string) {
  for (const c of connections) {
    try {
      if (!(await db.team.findUnique({ where: { id: c.tenant }, select: { id: true } }))) continue;
      await recordSignInRefusal(db, { teamId: c.tenant, clientId: c.clientID, reason, message: detail });
    } catch (e) {
      console.error(`[saml] could not record a refused response: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
