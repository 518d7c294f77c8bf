import crypto from "node:crypto";
import { authSecret } from "../env";
import { isResourceId } from "../scim/limits";
import { maskEmailsIn, maskLogBody, maskLogJson, maskLogPath, resourceKindOfPath } from "../scim/mask-log";
import { MAX_BODY_BYTES } from "../scim/constants";
import type { RememberedBody } from "./request-body-record";
import type { RequestLogEntry } from "./request-log";

/** One SCIM request and its answer, as with-scim-auth saw them; bodies are copies read after the response went out. */
export type ScimExchange = {
  teamId: string;
  token: { id: string | null; name: string | null; prefix: string | null };
  authProblem: "revoked" | "expired" | "unknown" | null;
  method: string;
  url: URL;
  status: number;
  durationMs: number;
  userAgent: string | null;
  /** The body as the handler read it (request-body-record.ts). */
  requestBody: RememberedBody | null;
  /** The response's body when known (respond.ts: knownBodyText), else a clone of the response, read after it went out. */
  response: { knownText: string | null } | Response | null;
};

// Teams' keys, derived once each rather than on every request (an HMAC per request showed in a
// lookup's profile); the auth secret is fixed for the process's life (lib/env.ts). Bounded, since
// team ids are unbounded over that life.
const maskKeys = new Map<string, string>();
const MAX_MASK_KEYS = 10_000;

/** The key of a team's masking tags (lib/scim/mask-log.ts): secret, so a tag cannot be checked against guessed addresses, and per team. */
export function requestLogMaskKey(teamId: string): string {
  let key = maskKeys.get(teamId);
  if (key === undefined) {
    key = crypto.createHmac("sha256", authSecret()).update(`scim-request-log:${teamId}`).digest("hex");
    if (maskKeys.size >= MAX_MASK_KEYS) maskKeys.clear();
    maskKeys.set(teamId, key);
  }
  return key;
}

const tooLargeToKeep = (limit: number) => `[more than ${limit} bytes; not kept]`;

/** A response body as text, read no further than the SCIM size limit. */
async function readCapped(message: ScimExchange["response"], limit = MAX_BODY_BYTES): Promise<string | null> {
  if (message && "knownText" in message) {
    return message.knownText !== null && Buffer.byteLength(message.knownText) > limit ? tooLargeToKeep(limit) : message.knownText;
  }
  if (!message?.body) return null;
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLargeToKeep(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A body's JSON, parsed once for both what the log reads of it and its masked copy; undefined when it is not JSON. */
const parseJson = (text: string | null): { value: unknown } | undefined => {
  if (!text) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
};

const asObject = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The SCIM User a request was about: the id in /Users/{id}, or the one a POST /Users created. */
function memberIdOf(method: string, pathname: string, status: number, response: Record<string, unknown> | null): string | null {
  const m = /\/Users\/([^/]+)$/.exec(pathname);
  if (m && isResourceId(m[1]!)) return m[1]!;
  if (method === "POST" && /\/Users$/.test(pathname) && status === 201 && typeof response?.id === "string" && isResourceId(response.id)) return response.id;
  return null;
}

/** What the request log records of an exchange: decoded path, error detail, token, masked bodies. */
export async function describeScimRequest(x: ScimExchange): Promise<RequestLogEntry> {
  const key = requestLogMaskKey(x.teamId);
  const kind = resourceKindOfPath(x.url.pathname);
  const responseText = await readCapped(x.response);
  // An import page's answer is 100 users: parsed once, not once here and once to mask it.
  const parsed = parseJson(responseText);
  const response = asObject(parsed?.value);
  const isError = x.status >= 400;
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  const detail = isError ? str(response?.detail) : null;
  return {
    teamId: x.teamId,
    tokenId: x.token.id,
    method: x.method,
    path: maskLogPath(x.url.pathname + x.url.search, key),
    status: x.status,
    durationMs: x.durationMs,
    userAgent: x.userAgent,
    isError,
    tokenName: x.token.name,
    tokenPrefix: x.token.prefix,
    authProblem: x.authProblem,
    scimType: isError ? str(response?.scimType) : null,
    errorDetail: detail && maskEmailsIn(detail, key),
    memberId: memberIdOf(x.method, x.url.pathname, x.status, response),
    requestBody: x.requestBody && ("text" in x.requestBody ? maskLogBody(x.requestBody.text, kind, { key }) : `[more than ${x.requestBody.tooLarge} bytes; not kept]`),
    responseBody: parsed ? maskLogJson(parsed.value, kind, { key }) : maskLogBody(responseText, kind, { key }),
  };
}
