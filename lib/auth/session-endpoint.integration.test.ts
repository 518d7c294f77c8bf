// GET /api/auth/session, through next-auth's own handler with the options the route uses: a
// cookie whose server-side session has ended (signed out everywhere, access ended) answers as
// signed out and has its cookie cleared, never re-issued with a fresh expiry.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { useDatabaseForTests } from "../db/client";
import { authSecret } from "../env";
import { deactivateMember } from "../members/lifecycle";
import { endUserSessions } from "../sessions/end-session";
import { startSession } from "../sessions/start-session";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { authLogger } from "./auth-logger";
import { endpointSessionCallbacks, SESSION_MAX_AGE_SECONDS } from "./session-callbacks";

// next-auth's request handler, as its route handler calls it but without Next's request scope
// (the package does not export it by name).
type Cookie = { name: string; value: string; options: { expires?: Date | string; maxAge?: number } };
type AuthHandlerFn = (params: { req: Request; options: unknown }) => Promise<{ body?: unknown; cookies?: Cookie[] }>;
const requireCjs = createRequire(import.meta.url);
const { AuthHandler } = requireCjs(path.join(path.dirname(requireCjs.resolve("next-auth")), "core")) as { AuthHandler: AuthHandlerFn };

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

async function getSession(userId: string, email: string, sessionId: string) {
  const jwt = await encode({ secret: authSecret(), token: { sub: userId, sid: sessionId, email, name: null } });
  const res = await AuthHandler({
    req: new Request("http://localhost:3000/api/auth/session", { headers: { cookie: `next-auth.session-token=${jwt}`, host: "localhost:3000" } }),
    // What lib/auth/options.ts gives the route, less the providers (the session endpoint uses none).
    options: { secret: authSecret(), session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS }, providers: [], logger: authLogger, callbacks: endpointSessionCallbacks },
  });
  const cookie = (res.cookies ?? []).find((c) => c.name === "next-auth.session-token");
  return { body: res.body as Record<string, unknown>, cookie };
}

describe("the session endpoint", () => {
  it("answers an open session with the person and a refreshed cookie", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "open@endpoint.test" });
    const sid = await startSession(t.db, { userId: me.userId, method: "password", maxAgeSeconds: 3600 });
    const { body, cookie } = await getSession(me.userId, me.email, sid);
    assert.equal((body.user as { id?: string }).id, me.userId);
    assert.equal(body.sessionId, sid);
    assert.ok(cookie?.value, "the live cookie is re-issued");
  });

  it("answers {} and clears the cookie after signing out everywhere", async () => {
    const team = await createTeam(t.db);
    const me = await createMember(t.db, team.id, { email: "ended@endpoint.test" });
    const sid = await startSession(t.db, { userId: me.userId, method: "password", maxAgeSeconds: 3600 });
    await endUserSessions(t.db, me.userId);
    const { body, cookie } = await getSession(me.userId, me.email, sid);
    assert.deepEqual(body, {});
    assert.equal(cookie?.value ?? "", "", "no live cookie");
    assert.ok(!cookie || (cookie.options.maxAge ?? 1) <= 0 || (cookie.options.expires !== undefined && new Date(cookie.options.expires) <= new Date()), "the cookie is expired");
  });

  it("answers {} for a deactivated member whose only team closed to the session", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const me = await createMember(t.db, team.id, { email: "deactivated@endpoint.test" });
    const sid = await startSession(t.db, { userId: me.userId, method: "password", maxAgeSeconds: 3600 });
    await deactivateMember(t.db, { teamId: team.id, membershipId: me.id }, testActor);
    const { body, cookie } = await getSession(me.userId, me.email, sid);
    assert.deepEqual(body, {});
    assert.equal(cookie?.value ?? "", "");
  });
});
