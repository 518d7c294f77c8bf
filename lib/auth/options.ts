import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import BoxyHQSAMLProvider from "next-auth/providers/boxyhq-saml";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { plainText } from "../plain-text";
import { getDb } from "../db/client";
import { appUrl, authSecret, env, isHttpsOrigin } from "../env";
import { SAML_IDP_PROVIDER_ID, SAML_PROVIDER_ID, spUrls } from "../saml/constants";
import { SsoError } from "../saml/errors";
import { getJackson, jacksonClientSecret } from "../saml/jackson";
import type { CodeOrigin } from "../saml/code-origin";
import { fetchProfile } from "../saml/oauth-client";
import { parseSamlProfile } from "../saml/profile";
import { redeemLoginCode } from "../saml/redeem-login-code";
import { signInWithSamlProfile, type SamlSignInResult } from "../saml/sign-in";
import { authLogger } from "./auth-logger";
import { clientAddress } from "./client-address";
import { safeCallbackUrl } from "./safe-callback-url";
import { signInWithPassword } from "./password-sign-in";
import { endpointSessionCallbacks, SESSION_MAX_AGE_SECONDS, sessionCallbacks, sessionEvents, type PasswordUser, type SamlUser } from "./session-callbacks";
import { throttledCode } from "./sign-in-errors";

// A NUL in the address (a hand-made POST) is text the database refuses: read as no address.
const credentialsSchema = z.object({ email: plainText().trim().min(1).max(320), password: z.string().min(1).max(1024) });
const idpCodeSchema = z.object({ code: z.string().trim().min(1).max(512) });

/** A SAML profile that was refused: never becomes a session (see the signIn callback). */
type RefusedUser = User & { ssoRefusal: string };
/** The tokens' field that carries the login code's origin from token.request to profile(). */
const CODE_ORIGIN = "gatehouse_code_origin";
const samlTeamId = (profile: unknown): string | undefined => parseSamlProfile(profile)?.requested?.tenant ?? undefined;

async function samlSignIn(profile: unknown, origin: CodeOrigin | null): Promise<SamlSignInResult | { ok: false; reason: "unavailable" }> {
  try {
    return await signInWithSamlProfile(await getDb(), profile, origin);
  } catch (e) {
    console.error(`[saml] sign-in failed: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false, reason: "unavailable" };
  }
}

// Built on demand rather than at import: `next build` loads this module and must not touch
// ./data (the embedded database belongs to the running server). `endpoint`: for the /api/auth/*
// route, whose session endpoint checks the server-side session (getCurrentUser does elsewhere).
export function authOptions({ endpoint = false }: { endpoint?: boolean } = {}): NextAuthOptions {
  const origin = appUrl();
  return {
    secret: authSecret(),
    // A JWT holds the user id and a server-side session id; every request checks that session
    // (signed out? expired? access to the team ended after it began?) and the person's active
    // memberships (lib/auth/current-user.ts), so sign-out, deactivation and removal end it for good.
    // The session row's lifetime is absolute: a busy cookie is not extended past it.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Secure cookies (and the __Secure- prefix) whenever the public origin is https, whatever
    // NEXTAUTH_URL says.
    useSecureCookies: isHttpsOrigin(),
    pages: { signIn: "/login", error: "/login" },
    // One line, no stack trace, for a cookie that cannot be read (lib/auth/auth-logger.ts).
    logger: authLogger,
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) throw new Error("invalid");
          const address = clientAddress(req?.headers ?? {}, env().TRUSTED_PROXY_HOPS);
          const result = await signInWithPassword(await getDb(), { ...parsed.data, address, maxAgeSeconds: SESSION_MAX_AGE_SECONDS });
          if (!result.ok) throw new Error(result.reason === "throttled" ? throttledCode(result.retryAfterSeconds) : result.reason);
          // Recorded on the session only: each team records it when the session first enters it.
          return { ...result.user, sessionId: result.sessionId } satisfies PasswordUser;
        },
      }),
      // SP-initiated SAML ("Continue with SSO", "Test connection"): next-auth's OAuth flow against
      // jackson. The authorize step is a browser redirect (/api/oauth/authorize); the code
      // exchange and profile read run in-process (lib/saml/oauth-client.ts).
      BoxyHQSAMLProvider({
        id: SAML_PROVIDER_ID,
        name: "SAML SSO",
        issuer: origin,
        clientId: "dummy",
        clientSecret: jacksonClientSecret(),
        // Without an empty scope jackson starts an OpenID flow and wants signing keys.
        authorization: { url: `${origin}/api/oauth/authorize`, params: { scope: "", provider: "saml" } },
        token: {
          url: `${origin}/api/oauth/token`,
          async request({ params, checks }) {
            if (params.error || !params.code) throw new Error(`SAML login failed: ${params.error ?? "no code"}`);
            const { tokens, origin: codeOrigin } = await redeemLoginCode(await getJackson(), await getDb(), {
              code: params.code,
              redirectUri: spUrls(origin).oauthCallbackUrl,
              codeVerifier: checks.code_verifier,
              clientSecret: jacksonClientSecret(),
            });
            // Which connection vouched for the login travels with the tokens to profile() below.
            return { tokens: { access_token: tokens.access_token, token_type: tokens.token_type, expires_in: tokens.expires_in, [CODE_ORIGIN]: codeOrigin } };
          },
        },
        userinfo: {
          url: `${origin}/api/oauth/userinfo`,
          async request({ tokens }) {
            return (await fetchProfile(await getJackson(), tokens.access_token ?? "")) as never;
          },
        },
        // The membership decision happens here, once, with the validated profile; the result is
        // our own user id (what the JWT carries) or a refusal for the signIn callback to turn away.
        async profile(profile, tokens) {
          const result = await samlSignIn(profile, (tokens[CODE_ORIGIN] as CodeOrigin | null | undefined) ?? null);
          if (result.ok) {
            return { id: result.user.id, email: result.user.email, name: result.user.name, image: null, samlTeamId: samlTeamId(profile), samlTeamOnly: result.teamOnly, samlConnectionClientId: result.connectionClientId, samlCodeIssuedAt: result.codeIssuedAt?.toISOString() } satisfies SamlUser;
          }
          return { id: `refused:${result.reason}`, email: null, name: null, image: null, ssoRefusal: result.reason } satisfies RefusedUser;
        },
      }),
      // IdP-initiated SAML: jackson sends the browser to /login/sso/idp?code=…, whose page posts
      // the one-time code here. The code carries no PKCE, so SP-initiated codes cannot be used.
      CredentialsProvider({
        id: SAML_IDP_PROVIDER_ID,
        name: "SAML (IdP-initiated)",
        credentials: { code: { label: "Code", type: "text" } },
        async authorize(raw) {
          const parsed = idpCodeSchema.safeParse(raw);
          if (!parsed.success) throw new Error("sso_missing_code");
          let profile: unknown;
          let codeOrigin: CodeOrigin | null = null;
          try {
            const jackson = await getJackson();
            const redeemed = await redeemLoginCode(jackson, await getDb(), {
              code: parsed.data.code,
              redirectUri: spUrls(origin).idpLandingUrl,
              clientSecret: jacksonClientSecret(),
            });
            profile = await fetchProfile(jackson, redeemed.tokens.access_token);
            codeOrigin = redeemed.origin;
          } catch (e) {
            throw new Error(e instanceof SsoError && e.kind === "unavailable" ? "sso_unavailable" : "sso_rejected");
          }
          const result = await samlSignIn(profile, codeOrigin);
          if (!result.ok) throw new Error(`sso_${result.reason}`);
          return { ...result.user, samlTeamId: samlTeamId(profile), samlTeamOnly: result.teamOnly, samlConnectionClientId: result.connectionClientId, samlCodeIssuedAt: result.codeIssuedAt?.toISOString() } satisfies SamlUser;
        },
      }),
    ],
    callbacks: {
      signIn({ user }) {
        const refusal = (user as Partial<RefusedUser>).ssoRefusal;
        if (refusal) return `${origin}/login?error=${encodeURIComponent(`sso_${refusal}`)}`;
        return true;
      },
      // Where next-auth sends the browser after SSO and sign-out: this site only (callbackUrl is
      // the visitor's to choose).
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackUrl(url, baseUrl)}`;
      },
      ...(endpoint ? endpointSessionCallbacks : sessionCallbacks),
    },
    events: sessionEvents,
  };
}
