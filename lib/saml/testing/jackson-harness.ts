// Integration-test harness: a real jackson on the test's own database (its PostgreSQL schema, or
// a temporary SQLite file when tests run on PGlite), a real signing IdP, and the same functions
// the routes call, so a whole SAML login runs without a browser.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseUrl } from "../../db/database-url";
import type { Db } from "../../members/types";
import { handleSamlResponse, type AcsOutcome } from "../acs";
import { handleAuthorize } from "../authorize";
import { spUrls } from "../constants";
import { jacksonOptions, jacksonStore } from "../jackson-config";
import { fetchProfile } from "../oauth-client";
import { redeemLoginCode } from "../redeem-login-code";
import { openJackson, type Jackson } from "../open-jackson";
import type { FencePolicy } from "../outbound-fence";
import { signInWithSamlProfile, type SamlSignInResult } from "../sign-in";
import { TestIdp, type ResponseOptions } from "../../../e2e/idp/test-idp";

export const TEST_APP_URL = "http://127.0.0.1:3999";
export const CLIENT_SECRET = "integration-client-secret";

export type Harness = { jackson: Jackson; close: () => Promise<void> };

/**
 * `fence`: what jackson's OpenID requests may reach; any loopback address by default (the test
 * providers run on it), as for a server that itself runs on loopback.
 */
export async function startJacksonForTests(db: Db, kind: "pglite" | "postgres", options: { fence?: FencePolicy } = {}): Promise<Harness> {
  let tmp: string | undefined;
  let store;
  if (kind === "postgres") {
    // Same schema as the test file's app tables: dropped with it, invisible to other files.
    const [{ schema }] = await db.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS schema`;
    store = jacksonStore({ databaseUrl: databaseUrl(), dataDir: "", pgSchema: schema });
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-jackson-"));
    store = jacksonStore({ databaseUrl: "pglite:memory", dataDir: tmp });
  }
  // jackson starts a daily cleanup interval it never clears; in a server that is harmless, in a
  // test process it would keep node from exiting. Intervals made during start-up are unref'd.
  const realSetInterval = globalThis.setInterval;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => realSetInterval(...args).unref()) as typeof setInterval;
  let jackson: Jackson;
  try {
    jackson = await openJackson(
      jacksonOptions({ appUrl: TEST_APP_URL, store, encryptionKey: crypto.randomBytes(32).toString("base64"), clientSecretVerifier: CLIENT_SECRET }),
      kind === "postgres" ? databaseUrl() : "pglite:memory",
      options.fence ?? { allowLoopback: true },
    );
  } finally {
    globalThis.setInterval = realSetInterval;
  }
  return {
    jackson,
    close: async () => {
      await jackson.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export const urls = spUrls(TEST_APP_URL);

/** A PKCE verifier and its S256 challenge, as next-auth makes them for a login. */
export function pkcePair() {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.createHash("sha256").update(verifier).digest("base64url") };
}

/** The key of the redirect URI a login sent to its OpenID provider: the path the browser comes back to. */
export const redirectKeyOf = (toProvider: URL) => new URL(toProvider.searchParams.get("redirect_uri")!).pathname.split("/").pop()!;

export type LoginAttempt = { acs: AcsOutcome; result: SamlSignInResult | null };

/** SP-initiated: authorize for `teamId`, let `idp` answer with `response`, post it, finish. */
export async function spLogin(
  h: Harness,
  db: Db,
  teamId: string,
  idp: TestIdp,
  response: Omit<ResponseOptions, "acsUrl" | "audience"> & { audience?: string },
  extraAuthorizeParams: Record<string, string> = {},
): Promise<LoginAttempt & { samlResponse: string; relayState: string }> {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const authorize = await handleAuthorize(
    h.jackson,
    new URLSearchParams({
      tenant: teamId,
      response_type: "code",
      redirect_uri: urls.oauthCallbackUrl,
      state: "test-state",
      scope: "",
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...extraAuthorizeParams,
    }),
  );
  if (authorize.kind !== "redirect") throw new Error(`authorize failed: ${JSON.stringify(authorize)}`);
  const location = new URL(authorize.location);
  const request = TestIdp.parseAuthnRequest(location.searchParams.get("SAMLRequest")!);
  const relayState = location.searchParams.get("RelayState")!;
  const samlResponse = idp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, inResponseTo: request.id, ...response });
  const attempt = await postResponse(h, db, samlResponse, relayState, verifier);
  return { ...attempt, samlResponse, relayState };
}

/** Posts a SAMLResponse to the ACS and, when it is accepted, finishes the sign-in. */
export async function postResponse(h: Harness, db: Db, samlResponse: string, relayState: string, codeVerifier?: string): Promise<LoginAttempt> {
  const acs = await handleSamlResponse({ jackson: h.jackson, db, appUrl: TEST_APP_URL }, { SAMLResponse: samlResponse, RelayState: relayState });
  if (acs.kind !== "redirect") return { acs, result: null };
  const code = new URL(acs.location).searchParams.get("code");
  if (!code) throw new Error(`no code in ${acs.location}`);
  const redirectUri = acs.location.startsWith(urls.idpLandingUrl) ? urls.idpLandingUrl : urls.oauthCallbackUrl;
  const { tokens, origin } = await redeemLoginCode(h.jackson, db, { code, redirectUri, codeVerifier, clientSecret: CLIENT_SECRET });
  const profile = await fetchProfile(h.jackson, tokens.access_token);
  return { acs, result: await signInWithSamlProfile(db, profile, origin) };
}

/** IdP-initiated: the IdP posts an unsolicited response (no RelayState, no InResponseTo). */
export async function idpLogin(h: Harness, db: Db, idp: TestIdp, response: Omit<ResponseOptions, "acsUrl" | "audience"> & { audience?: string }) {
  const samlResponse = idp.buildResponse({ acsUrl: urls.acsUrl, audience: urls.entityId, ...response });
  return { ...(await postResponse(h, db, samlResponse, "")), samlResponse };
}
