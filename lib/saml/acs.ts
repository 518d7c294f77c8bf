// POST /api/oauth/saml, the assertion consumer service, minus HTTP: checks we add on top of
// jackson (exact audience, a required expiry, replay), then jackson's validation (signature,
// issuer, InResponseTo, audience, time window), then the one-time code handed to next-auth.
// Every refusal of a response from a known IdP is audited in that IdP's team.
import type { Db } from "../members/types";
import { recordSsoRefusal } from "./sso-login";
import { SAML_PRODUCT, spUrls } from "./constants";
import { callJackson, SsoError } from "./errors";
import type { Jackson } from "./open-jackson";
import { markUsed, wasUsed } from "./replay-guard";
import {
  MalformedSamlResponse,
  parseSamlResponse,
  precheckSamlResponse,
  replayExpiry,
  replayKeys,
  type SamlResponseSummary,
} from "./saml-response";

export type AcsDeps = { jackson: Jackson; db: Db; appUrl: string; now?: () => Date };

export type AcsRefusal = "sso_invalid_response" | "sso_rejected" | "sso_replayed" | "sso_unavailable";

export type AcsOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "refused"; code: AcsRefusal; status: number; detail: string };

const PRECHECK_DETAIL = {
  no_assertion: "The response carries no assertion",
  wrong_audience: "Invalid audience (the assertion is not addressed to this service provider)",
  expired: "Assertion is expired",
  no_expiry: "The assertion has no NotOnOrAfter condition",
} as const;

export async function handleSamlResponse(deps: AcsDeps, form: { SAMLResponse?: unknown; RelayState?: unknown }): Promise<AcsOutcome> {
  const now = deps.now?.() ?? new Date();
  const samlResponse = typeof form.SAMLResponse === "string" ? form.SAMLResponse.trim() : "";
  const relayState = typeof form.RelayState === "string" ? form.RelayState : "";

  let summary: SamlResponseSummary;
  try {
    summary = parseSamlResponse(samlResponse);
  } catch (e) {
    if (e instanceof MalformedSamlResponse) return { kind: "refused", code: "sso_invalid_response", status: 400, detail: e.message };
    throw e;
  }
  const refuse = async (code: AcsRefusal, status: number, detail: string): Promise<AcsOutcome> => {
    await auditForIssuer(deps, summary.issuer, code, detail);
    return { kind: "refused", code, status, detail };
  };

  const failure = precheckSamlResponse(summary, spUrls(deps.appUrl).entityId, now);
  if (failure) return refuse("sso_rejected", 403, PRECHECK_DETAIL[failure]);

  const keys = replayKeys(summary);
  if (await wasUsed(deps.db, keys, now)) return refuse("sso_replayed", 403, "This SAML response was already used");

  let result: Awaited<ReturnType<Jackson["oauthController"]["samlResponse"]>>;
  try {
    // Only the response and RelayState reach jackson; idp_hint would let the poster pick the connection.
    result = await callJackson("validate the SAML response", () =>
      deps.jackson.oauthController.samlResponse({ SAMLResponse: samlResponse, RelayState: relayState }),
    );
  } catch (e) {
    if (e instanceof SsoError && e.kind === "rejected") return refuse("sso_rejected", 403, e.detail ?? e.message);
    if (e instanceof SsoError) return { kind: "refused", code: "sso_unavailable", status: 503, detail: e.detail ?? e.message };
    throw e;
  }
  if (result.error || !result.redirect_url) {
    const detail = result.error ?? (result.app_select_form ? "The IdP is connected to several teams" : "No redirect from jackson");
    return refuse("sso_rejected", 403, detail);
  }
  // Recorded only once valid, so junk cannot burn IDs; a concurrent replay loses the insert race.
  if (!(await markUsed(deps.db, keys, replayExpiry(summary, now), now))) {
    return refuse("sso_replayed", 403, "This SAML response was already used");
  }
  return { kind: "redirect", location: result.redirect_url };
}

/** The team whose IdP sent this, if exactly one connection has that entity ID. */
async function teamForIssuer(deps: AcsDeps, issuer: string | null): Promise<string | null> {
  if (!issuer) return null;
  try {
    const connections = await deps.jackson.connectionAPIController.getConnections({ entityId: issuer });
    const tenants = [...new Set(connections.filter((c) => c.product === SAML_PRODUCT).map((c) => c.tenant))];
    if (tenants.length !== 1) return null;
    const team = await deps.db.team.findUnique({ where: { id: tenants[0] }, select: { id: true } });
    return team?.id ?? null;
  } catch {
    return null;
  }
}

async function auditForIssuer(deps: AcsDeps, issuer: string | null, reason: AcsRefusal, detail: string) {
  const teamId = await teamForIssuer(deps, issuer);
  if (!teamId) return;
  await recordSsoRefusal(deps.db, { teamId, email: null, reason, detail }).catch((e: unknown) =>
    console.error(`[saml] could not audit a refused response: ${e instanceof Error ? e.message : String(e)}`),
  );
}
