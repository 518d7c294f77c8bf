import "server-only";
import { after } from "next/server";
import type { Actor } from "../audit/actor";
import { getDb } from "../db/client";
import type { Db } from "../members/types";
import { authenticateScimToken, bearerSecret, type AlongsideSql } from "../scim-tokens/authenticate-token";
import { ScimError, toScimError } from "../scim/errors";
import { isDatabaseUnreachable, isTransactionConflict } from "../db/errors";
import { assertPathParams, assertQueryLimits, isResourceId } from "../scim/limits";
import { MemberNotFoundError } from "../members/errors";
import { appUrl, env } from "../env";
import { assertJsonMediaType } from "./media-type";
import { describeScimRequest, undescribedEntry, type ScimExchange } from "./describe-request";
import { rememberedRequestBody } from "./request-body-record";
import { logScimRequest } from "./request-log";
import { processRequestLogBuffer, reportRequestLogFailure } from "./request-log-buffer";
import { nextTurn } from "../db/pglite-turns";
import { isServedDirectly } from "./served-directly";
import { knownAnswer, scimErrorResponse, withBody } from "./respond";
import { assertTokenScope } from "./token-scope";
import { outageLog } from "./outage-log";

export type ScimContext = {
  db: Db;
  teamId: string;
  actor: Actor;
  /** The team's membership epoch when the request began (see page-cursor.ts). */
  membershipEpoch: number;
  /** Absolute SCIM base URL, for meta.location and Location headers. */
  baseUrl: string;
  request: Request;
  url: URL;
  /** What the route's `alongside` read in the token's statement, under the key it gave; else null. */
  alongside: { key: string; value: unknown } | null;
};

/** A read a route will need, run in the token's statement (one round trip fewer); `key` says what it was for. */
export type Alongside = { key: string; sql: AlongsideSql };

/**
 * Records the request in the team's SCIM request log. The entry is described (masked bodies, error
 * detail) after the response is sent and joins the process's buffer (request-log-buffer.ts:
 * written in batches, at most a second later). For a request the production server serves itself
 * (serve-direct.ts) the entry joins at once, before the answer is written, so a clean stop right
 * after the answer still writes it, and is described when its batch is written (one holding a
 * large body on the next turn of the event loop); through
 * Next, it joins when Next runs after()'s callback. Outside both (integration tests call route
 * handlers directly) it is written before returning, so a test reads it at once.
 */
async function recordRequest(db: Db, request: Request, exchange: ScimExchange): Promise<void> {
  const buffer = processRequestLogBuffer();
  if (isServedDirectly(request)) {
    // Joins the buffer now, so a clean stop right after this answer still writes it; described
    // when its batch is written, or, when it holds a large body, on the next turn
    // (request-log-buffer.ts).
    const undescribed = undescribedEntry(exchange);
    if (undescribed) buffer.add(db, undescribed);
    else buffer.addWhenDescribed(db, nextTurn().then(() => describeScimRequest(exchange)));
    return;
  }
  try {
    // Registered when Next runs the callback (a stop before that loses the entry); the promise
    // returned keeps Next's waitUntil open until it is described.
    after(() => buffer.addWhenDescribed(db, describeScimRequest(exchange)));
  } catch {
    await describeScimRequest(exchange)
      .then((entry) => logScimRequest(db, entry))
      .catch(reportRequestLogFailure);
  }
}

/** What the request log reads the answer's body from: its text (and value) when known, else a clone read later. */
function bodyForLog(response: Response): ScimExchange["response"] {
  const known = knownAnswer(response);
  if (known) return { knownText: known.text, knownValue: known.value };
  return response.body === null ? { knownText: null } : response.clone();
}

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (ctx: ScimContext, params: P) => Promise<Response>;

export type ScimRouteOptions = {
  /** The route's `id` names this resource type: an id that is not a UUID is 404 without a query. */
  resource?: "User" | "Group";
  /**
   * A read to run in the token's statement, decided from the URL and method alone, before the
   * token is checked: it must not throw, and the handler must check the key before it trusts the value.
   */
  alongside?: (url: URL, method: string) => Alongside | null;
};

// One per process (Next bundles a copy of this module per route).
const outageSlot = globalThis as unknown as { gatehouseOutageLog?: (line: string) => void };
const logOutage = (line: string) => (outageSlot.gatehouseOutageLog ??= outageLog((l) => console.error(l)))(line);

// Generous by default: Okta imports page through the whole directory in a burst.
const rateLimit = () => ({ limit: env().SCIM_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 });

const unauthorized = (detail: string) =>
  scimErrorResponse(new ScimError(401, undefined, detail), { "WWW-Authenticate": 'Bearer realm="Gatehouse SCIM"' });

const AUTH_DETAIL = {
  missing: "Authorization header with a Bearer token is required",
  invalid: "The bearer token is not valid",
  revoked: "The bearer token has been revoked",
  expired: "The bearer token has expired",
} as const;

/**
 * The one wrapper around every SCIM route: bearer token → team, rate limit, limits on the query
 * and path (lib/scim/limits.ts), media type, then the handler; anything thrown becomes a SCIM
 * error body, never a bare 500 page. Each request is written to the team's SCIM request log after
 * the response has gone out.
 */
export function withScimAuth<P = Record<string, never>>(handler: Handler<P>, options: ScimRouteOptions = {}) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    let teamId: string | null = null;
    let token: ScimExchange["token"] = { id: null, name: null, prefix: null };
    let authProblem: ScimExchange["authProblem"] = null;
    let response: Response;
    let db: Db | null = null;
    try {
      db = await getDb();
      const authorization = request.headers.get("authorization");
      // Decided only when there is a bearer secret to check (no parsing for a request without one).
      const along = options.alongside && bearerSecret(authorization) ? options.alongside(url, request.method) : null;
      const auth = await authenticateScimToken(db, authorization, { rateLimit: rateLimit(), alongside: along?.sql });
      if (!auth.ok) {
        response = unauthorized(AUTH_DETAIL[auth.reason]);
        // A refused token is logged with the team it belongs to ("forgot to update Okta after
        // rotating"); an unknown secret only when its prefix names exactly one token.
        if (auth.reason === "revoked" || auth.reason === "expired") {
          teamId = auth.token.teamId;
          token = { id: auth.token.id, name: auth.token.name, prefix: auth.token.prefix };
          authProblem = auth.reason;
        } else if (auth.reason === "invalid" && auth.lookalike) {
          teamId = auth.lookalike.teamId;
          token = { id: null, name: auth.lookalike.name, prefix: auth.presentedPrefix };
          authProblem = "unknown";
        }
      } else {
        teamId = auth.token.teamId;
        token = { id: auth.token.id, name: auth.token.name, prefix: auth.token.prefix };
        const limit = auth.rateLimit;
        if (limit && !limit.allowed) {
          response = scimErrorResponse(new ScimError(429, undefined, "Too many requests; retry later", limit.retryAfterSeconds));
        } else {
          assertTokenScope(auth.token.scope, request.method);
          // Hostile input is refused here, before any handler parses, matches or queries it.
          assertQueryLimits(url.searchParams);
          const params = await route.params;
          assertPathParams(params);
          const id = (params as { id?: unknown } | undefined)?.id;
          if (options.resource && typeof id === "string" && !isResourceId(id)) throw new MemberNotFoundError(options.resource);
          if (request.method !== "GET" && request.method !== "DELETE") assertJsonMediaType(request.headers.get("content-type"));
          const actor: Actor = { type: "scim", tokenId: auth.token.id, label: `SCIM token "${auth.token.name}"`, mayManageOwners: auth.token.mayManageOwners };
          const ctx: ScimContext = {
            db, teamId, actor, membershipEpoch: auth.membershipEpoch, baseUrl: `${appUrl()}/api/scim/v2`, request, url,
            alongside: along && { key: along.key, value: auth.alongside },
          };
          response = await handler(ctx, params);
        }
      }
    } catch (e) {
      const err = toScimError(e);
      if (err.status === 500) console.error("SCIM request failed:", request.method, url.pathname, e);
      // Answered 503 for the IdP to retry; the operator must still hear of it.
      else if (isDatabaseUnreachable(e)) logOutage(`SCIM request failed, database unreachable (answered 503): ${request.method} ${url.pathname} ${(e as Error | null)?.message ?? String(e)}`);
      // Answered 409 for the IdP to retry, and worth a line here: recurring ones mean a lock-order bug.
      else if (isTransactionConflict(e)) console.error("SCIM request conflicted with another write (answered 409):", request.method, url.pathname, e);
      response = scimErrorResponse(err);
    }
    if (db && teamId) {
      const exchange: ScimExchange = {
        teamId,
        token,
        authProblem,
        method: request.method,
        url,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
        userAgent: request.headers.get("user-agent"),
        requestBody: rememberedRequestBody(request),
        response: bodyForLog(response),
      };
      await recordRequest(db, request, exchange);
    }
    // The production server's SCIM path writes the answer's text itself (respond.ts).
    return isServedDirectly(request) ? response : withBody(response);
  };
}
