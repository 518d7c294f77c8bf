// "Test sign-in" for one connection: a real login through the IdP that proves the connection works
// (Require SSO waits for one), without signing the admin in as whoever the IdP answered for. It
// runs jackson's code flow itself, with its own state and PKCE verifier (kept in a cookie by the
// route) and a marked redirect URI, so next-auth never sees the result and no session is made.
import crypto from "node:crypto";
import type { Actor } from "../audit/actor";
import type { Db } from "../members/types";
import { handleAuthorize, type AuthorizeOutcome } from "./authorize";
import { domainsTrustedBy } from "./connection-routing";
import { findTeamConnection, recordConnectionTested } from "./connections";
import { spUrls } from "./constants";
import { SsoError } from "./errors";
import { vouchingConnection } from "./code-origin";
import { fetchProfile } from "./oauth-client";
import type { Jackson } from "./open-jackson";
import { judgeTestProfile, type TestVerdict } from "./judge-test-profile";
import { parseSamlProfile, type SamlProfile } from "./profile";
import { redeemLoginCode } from "./redeem-login-code";

/** What the route keeps in a short-lived cookie between start and callback. */
export type TestFlow = { state: string; verifier: string; teamId: string; connectionId: string };

export type { TestVerdict };

type Deps = { jackson: Jackson; db: Db; appUrl: string };

export async function startTestSignIn(
  deps: Deps,
  teamId: string,
  connectionId: string,
  spPrivateKey?: () => Promise<string>,
): Promise<{ flow: TestFlow; outcome: AuthorizeOutcome }> {
  const connection = await findTeamConnection(deps, teamId, { id: connectionId });
  if (!connection) throw new SsoError("rejected", "That connection no longer exists. Reload the page.", 404);
  const flow: TestFlow = { state: crypto.randomBytes(24).toString("base64url"), verifier: crypto.randomBytes(32).toString("base64url"), teamId, connectionId };
  const query = new URLSearchParams({
    tenant: teamId,
    response_type: "code",
    redirect_uri: spUrls(deps.appUrl).testCallbackUrl,
    state: flow.state,
    scope: "",
    code_challenge: crypto.createHash("sha256").update(flow.verifier).digest("base64url"),
    code_challenge_method: "S256",
    idp_hint: connection.clientID,
  });
  return { flow, outcome: await handleAuthorize(deps.jackson, query, spPrivateKey) };
}

export async function finishTestSignIn(
  deps: Deps,
  flow: TestFlow,
  input: { code: string | null; state: string | null; error: string | null },
  actor: Actor,
): Promise<TestVerdict> {
  if (!input.state || input.state !== flow.state) return { ok: false, message: "The test sign-in could not be matched to the one you started. Start it again." };
  if (input.error || !input.code) return { ok: false, message: `Your identity provider did not sign you in (${(input.error ?? "no code").slice(0, 200)}).` };
  let profile: SamlProfile | null;
  let vouchedBy: string | null;
  let issuedAt: Date | undefined;
  try {
    const redeemed = await redeemLoginCode(deps.jackson, deps.db, { code: input.code, redirectUri: spUrls(deps.appUrl).testCallbackUrl, codeVerifier: flow.verifier, clientSecret: "" });
    profile = parseSamlProfile(await fetchProfile(deps.jackson, redeemed.tokens.access_token));
    vouchedBy = vouchingConnection(redeemed.origin, flow.teamId, profile?.requested?.idp_hint)?.clientId ?? null;
    issuedAt = redeemed.origin?.issuedAt;
  } catch (e) {
    if (e instanceof SsoError) return { ok: false, message: `The sign-in was refused: ${e.detail ?? e.message}`.slice(0, 300) };
    throw e;
  }
  const connection = await findTeamConnection(deps, flow.teamId, { id: flow.connectionId });
  if (!connection) return { ok: false, message: "That connection no longer exists." };
  // An answer checked before the team's connections changed proves nothing of them as they are
  // now (the Require SSO guard relies on this mark): as for sign-ins (sso-login.ts).
  const team = await deps.db.team.findUnique({ where: { id: flow.teamId }, select: { ssoChangedAt: true } });
  if (issuedAt && team?.ssoChangedAt && issuedAt <= team.ssoChangedAt) return { ok: false, message: "The team's SSO connections changed while the test ran. Start it again." };
  const [domains, rows] = await Promise.all([
    deps.db.teamDomain.findMany({ where: { teamId: flow.teamId }, select: { domain: true, verifiedAt: true, connectionId: true } }),
    deps.db.ssoConnection.findMany({ where: { teamId: flow.teamId }, select: { id: true, createdAt: true } }),
  ]);
  const trustedDomains = domainsTrustedBy(connection.id, domains.map((d) => ({ ...d, verified: !!d.verifiedAt })), rows);
  const verdict = judgeTestProfile(profile, vouchedBy, { teamId: flow.teamId, clientID: connection.clientID, trustedDomains });
  if (verdict.ok) await recordConnectionTested(deps.db, flow.teamId, connection.id, { email: verdict.email, actor });
  return verdict;
}
