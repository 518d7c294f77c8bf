import type { CallbacksOptions, EventCallbacks, User } from "next-auth";
import { getDb } from "../db/client";
import { endSession } from "../sessions/end-session";
import { startSession } from "../sessions/start-session";
import { SessionEndedError } from "./session-ended";
import { loadSessionUser } from "./session-user";

/** A SAML sign-in names the one team whose IdP vouched for the person (and recorded it there). */
/** samlTeamOnly: an SSO connection an admin set up vouched; the session reaches that team only. */
export type SamlUser = User & { samlTeamId?: string; samlTeamOnly?: boolean; samlConnectionClientId?: string; samlCodeIssuedAt?: string };
/** A password sign-in opens its session as it checks the password (signInWithPassword says why). */
export type PasswordUser = User & { sessionId: string };

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The team whose IdP vouched, and when its answer's code was issued: the session opens only if no change of the team's connections came since. */
const ssoVouchedAt = (user: SamlUser) =>
  user.samlTeamId && user.samlCodeIssuedAt ? { teamId: user.samlTeamId, issuedAt: new Date(user.samlCodeIssuedAt) } : undefined;

// The next-auth callbacks that tie a cookie to a server-side session (lib/sessions/). Pages and
// actions read the session through getCurrentUser, which checks the session row itself.
export const sessionCallbacks: Pick<CallbacksOptions, "jwt" | "session"> = {
  // `user` is present only at sign-in: that is when the server-side session begins.
  async jwt({ token, user }) {
    if (user) {
      token.sub = user.id;
      // A password sign-in opened its session as it checked the password; any other is an SSO one.
      token.sid =
        (user as Partial<PasswordUser>).sessionId ??
        (await startSession(await getDb(), {
          userId: user.id,
          method: "saml",
          maxAgeSeconds: SESSION_MAX_AGE_SECONDS,
          enteredTeamId: (user as SamlUser).samlTeamId,
          onlyTeamId: (user as SamlUser).samlTeamOnly ? (user as SamlUser).samlTeamId : undefined,
          connectionClientId: (user as SamlUser).samlConnectionClientId,
          vouchedAt: ssoVouchedAt(user as SamlUser),
        }));
    }
    return token;
  },
  session({ session, token }) {
    if (session.user && token.sub) session.user.id = token.sub;
    session.sessionId = token.sid;
    return session;
  },
};

/**
 * The same for the /api/auth/* route, whose GET /api/auth/session answers the cookie's contents
 * and re-issues it with a fresh expiry: there a cookie whose session has ended (signed out
 * everywhere, expired, access ended) is refused, so next-auth answers `{}` and clears the cookie
 * instead of telling its holder whose it was and keeping it alive.
 */
export const endpointSessionCallbacks: Pick<CallbacksOptions, "jwt" | "session"> = {
  ...sessionCallbacks,
  async jwt(params) {
    const token = await sessionCallbacks.jwt(params);
    if (params.user) return token;
    const { sub: userId, sid: sessionId } = token;
    if (typeof userId !== "string" || typeof sessionId !== "string" || !(await loadSessionUser(await getDb(), { userId, sessionId }))) throw new SessionEndedError();
    return token;
  },
};

export const sessionEvents: Pick<EventCallbacks, "signOut"> = {
  // POST /api/auth/signout: the cookie is cleared, and the session it names ends for good, so a
  // copy of the cookie kept elsewhere stops working too.
  async signOut({ token }) {
    if (token?.sid) await endSession(await getDb(), token.sid);
  },
};
