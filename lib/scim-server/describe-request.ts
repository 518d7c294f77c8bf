import crypto from "node:crypto";
import { authSecret } from "../env";
import { boundedMemo } from "../bounded-memo";
import { isResourceId } from "../scim/limits";
import { asWritten, LOG_BODY_MAX_CHARS, maskEmailsIn, maskLogBody, maskLogJson, maskLogPath, resourceKindOfPath } from "../scim/mask-log";
import { MAX_BODY_BYTES } from "../scim/constants";
import type { RememberedBody } from "./request-body-record";
import type { RequestLogEntry, UndescribedEntry } from "./request-log";

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
  /**
   * The response's body when known (respond.ts: knownAnswer), with the value its text was written
   * from when there is one, else a clone of the response, read after it went out.
   */
  response: { knownText: string | null; knownValue?: unknown } | Response | null;
};

// Teams' keys, derived once each rather than on every request (an HMAC per request showed in a
// lookup's profile); the auth secret is fixed for the process's life (lib/env.ts). Bounded, since
// team ids are unbounded over that life.
const MAX_MASK_KEYS = 10_000;

/** The key of a team's masking tags (lib/scim/mask-log.ts): secret, so a tag cannot be checked against guessed addresses, and per team. */
export const requestLogMaskKey = boundedMemo(
  (teamId) => crypto.createHmac("sha256", authSecret()).update(`scim-request-log:${teamId}`).digest("hex"),
  { max: MAX_MASK_KEYS },
);

const tooLargeToKeep = (limit: number) => `[more than ${limit} bytes; not kept]`;

const capped = (text: string | null, limit = MAX_BODY_BYTES): string | null => (text !== null && Buffer.byteLength(text) > limit ? tooLargeToKeep(limit) : text);

/** A response body as text, read no further than the SCIM size limit. */
async function readCapped(message: ScimExchange["response"], limit = MAX_BODY_BYTES): Promise<string | null> {
  if (message && "knownText" in message) return capped(message.knownText, limit);
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
function memberIdOf(method: string, pathname: string, status: number, answeredId: string | null): string | null {
  const m = /\/Users\/([^/]+)$/.exec(pathname);
  if (m && isResourceId(m[1]!)) return m[1]!;
  if (method === "POST" && /\/Users$/.test(pathname) && status === 201 && answeredId !== null && isResourceId(answeredId)) return answeredId;
  return null;
}

/** Kept with the errors of the team's log (REQUEST_LOG_KEEP): a refused token included. */
const isErrorStatus = (status: number) => status >= 400;

/** What the request log records of an exchange: decoded path, error detail, token, masked bodies. */
export async function describeScimRequest(x: ScimExchange): Promise<RequestLogEntry> {
  const text = await readCapped(x.response);
  return describeWithAnswer(x, text, knownJson(x.response, text));
}

/**
 * The answer as JSON without parsing its text back, when the value it was written from is known
 * and its text is kept whole: an answer described at once (an import page, whose parsing back was
 * a tenth of its CPU). JSON.parse of the text and this value mask alike (mask-log.ts reads a value
 * as JSON.stringify writes it); describe-request.test.ts holds the two to one description.
 */
const knownJson = (answer: ScimExchange["response"], keptText: string | null): { value: unknown } | undefined =>
  answer && "knownValue" in answer && answer.knownText !== null && keptText === answer.knownText ? { value: answer.knownValue } : undefined;

// An exchange is held undescribed (request-log-buffer.ts) only while what it holds is no bigger
// than what its description keeps: an import page's answer or a large request body is described at
// once, so that the entries waiting take no more memory than described ones.
const HELD_AT_MOST_CHARS = LOG_BODY_MAX_CHARS;

/**
 * The exchange as an entry the buffer describes when it writes it, for an answer whose text is
 * known and whose bodies are small; null otherwise (describe it now, describeScimRequest).
 */
export function undescribedEntry(x: ScimExchange): UndescribedEntry | null {
  const answer = x.response;
  if (!answer || !("knownText" in answer) || (answer.knownText?.length ?? 0) > HELD_AT_MOST_CHARS) return null;
  if (x.requestBody && "text" in x.requestBody && x.requestBody.text.length > HELD_AT_MOST_CHARS) return null;
  // Held with its text alone, parsed when described: the value it was written from takes two to
  // three times the text's memory, and a held entry must take no more than a described one.
  const held: ScimExchange = { ...x, response: { knownText: answer.knownText } };
  return { teamId: x.teamId, isError: isErrorStatus(x.status), describe: () => describeWithAnswer(held, capped(answer.knownText), undefined) };
}

function describeWithAnswer(x: ScimExchange, responseText: string | null, known: { value: unknown } | undefined): RequestLogEntry {
  const key = requestLogMaskKey(x.teamId);
  const kind = resourceKindOfPath(x.url.pathname);
  // Parsed once (when not known), for both what the log reads of it and its masked copy.
  const parsed = known ?? parseJson(responseText);
  // Read as its text would be (asWritten), when it is the value the text was written from.
  const written = parsed && { value: asWritten(parsed.value, "") };
  const response = asObject(written?.value);
  const isError = isErrorStatus(x.status);
  const str = (k: string) => {
    const v = response && Object.hasOwn(response, k) ? asWritten(response[k], k) : undefined;
    return typeof v === "string" && v ? v : null;
  };
  const detail = isError ? str("detail") : null;
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
    scimType: isError ? str("scimType") : null,
    errorDetail: detail && maskEmailsIn(detail, key),
    memberId: memberIdOf(x.method, x.url.pathname, x.status, str("id")),
    requestBody: x.requestBody && ("text" in x.requestBody ? maskLogBody(x.requestBody.text, kind, { key }) : `[more than ${x.requestBody.tooLarge} bytes; not kept]`),
    responseBody: written ? maskLogJson(written.value, kind, { key }) : maskLogBody(responseText, kind, { key }),
  };
}
