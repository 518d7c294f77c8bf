import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getDb } from "../db/client";
import { authOptions } from "./options";
import { loadSessionUser } from "./session-user";

/**
 * The signed-in person, re-read from the database on every request (once per request, cached).
 * Null when there is no session, when it was signed out or expired, or when none of the person's
 * active memberships is open to it (lib/auth/session-user.ts): a member deactivated or removed
 * loses the session at their next click, and it stays lost after a reactivation.
 */
export const getCurrentUser = cache(async () => {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  // A cookie without a session id predates server-side sessions: it cannot be signed out, so it is not honoured.
  if (!userId || !sessionId) return null;
  return loadSessionUser(await getDb(), { userId, sessionId });
});

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;
