// Calls the real SCIM route handlers (app/api/scim/v2) in-process, against a test database,
// the way an IdP would over HTTP: same Request objects, same headers, same bodies.
import { useDatabaseForTests } from "../db/client";
import type { Db } from "../members/types";
import { createScimToken } from "../scim-tokens/create-token";
import { systemActor } from "../audit/actor";
import { routeScim } from "../../app/api/scim/v2/router";
import { preflightScimRequest } from "../scim/endpoints";
import { scimErrorBody } from "../scim/errors";

export const BASE = "http://localhost:3000/api/scim/v2";

// Bodies are JSON whose shape each test asserts itself; typing every SCIM response would only restate the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScimResponse = { status: number; headers: Headers; body: any };

export type ScimCallOptions = { body?: unknown; token?: string | null; headers?: Record<string, string>; rawBody?: string };

export function scimClient(db: Db, token: string) {
  useDatabaseForTests(db);
  return async function call(method: string, path: string, options: ScimCallOptions = {}): Promise<ScimResponse> {
    const url = new URL(BASE + path);
    // What the request guard (lib/scim-server/request-guard.ts) answers before Next.js routes.
    const pre = preflightScimRequest(method, url.pathname + url.search);
    if (pre) return { status: pre.error.status, headers: new Headers(pre.headers), body: scimErrorBody(pre.error) };
    // Next.js redirects a trailing slash away (308) before routing.
    if (url.pathname.endsWith("/")) return { status: 308, headers: new Headers({ location: url.pathname.replace(/\/+$/, "") }), body: undefined };
    const route = routeScim(method, url.pathname.slice(new URL(BASE).pathname.length));
    if (!route) throw new Error(`no route for ${path}`);
    // Next.js answers a method a route does not export with an empty 405.
    if (!route.handler) return { status: 405, headers: new Headers(), body: undefined };
    const headers: Record<string, string> = { "user-agent": "Okta SCIM Client 1.0.0", ...options.headers };
    const auth = options.token === undefined ? token : options.token;
    if (auth !== null) headers.authorization ??= `Bearer ${auth}`;
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers["content-type"] ??= "application/scim+json; charset=utf-8";
    const res = await route.handler(new Request(url, { method, headers, body: payload }), { params: Promise.resolve(route.params) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** A team and a SCIM token; by default one with an owner's authority (lib/members/owner-authority.ts). */
export async function teamWithToken(db: Db, slug: string, { mayManageOwners = true } = {}) {
  const team = await db.team.create({ data: { slug, name: slug } });
  const token = await createScimToken(db, { teamId: team.id, name: "Okta", mayManageOwners }, systemActor("test"));
  return { team, token: token.secret, tokenId: token.id };
}

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ROLE_EXT = "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User";

/** The user body Okta sends on "Push New Users" (Okta SCIM 2.0 guide). */
export function oktaUser(email: string, extra: Record<string, unknown> = {}) {
  const [given] = email.split("@");
  return {
    schemas: [USER_SCHEMA],
    userName: email,
    name: { givenName: given, familyName: "Tester" },
    emails: [{ primary: true, value: email, type: "work" }],
    displayName: `${given} Tester`,
    locale: "en-US",
    externalId: `00u${given}`,
    groups: [],
    password: "1mP0ssible!",
    active: true,
    ...extra,
  };
}
