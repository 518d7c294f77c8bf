import { scimErrorBody, type ScimError } from "../scim/errors";

// Every SCIM answer is application/scim+json (RFC 7644 §3.1), errors included.
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

// The text of each answer made here, kept beside its Response: the request log and the production
// server's SCIM path (serve-direct.ts) read it from here instead of teeing and reading the body
// stream, which a CPU profile of lookups put among the largest costs left in a request.
// The Response itself is made without a body: a Response with one builds a web stream for it
// (about 17 µs against 1.5 µs, 5% of a lookup's CPU in the server's profile), which the production
// server's SCIM path never reads. Whatever else receives the answer (Next, a test calling the
// handler) gets it through withBody(), at the two ways out: with-scim-auth and methodNotAllowed.
// The value the text was written from is kept too: the request log reads the answer as JSON, and
// parsing an import page's 100 users back from its text was a tenth of the page's CPU.
type KnownAnswer = { text: string; value: unknown };
const answers = new WeakMap<Response, KnownAnswer>();

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const response = new Response(null, { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, ...headers } });
  // (JSON.stringify of undefined is no text: then there is no body to know.)
  if (typeof text === "string") answers.set(response, { text, value: body });
  return response;
}

/** The body of a response made here: its text, null for none, undefined when not made here (then read the stream). */
export const knownBodyText = (response: Response): string | null | undefined => answers.get(response)?.text ?? (response.body === null ? null : undefined);

/**
 * The body of a response made here with the value its text was written from (JSON.stringify of
 * it: JSON.parse of the text is that value as JSON reads it); undefined when not made here.
 */
export const knownAnswer = (response: Response): KnownAnswer | undefined => answers.get(response);

/** The answer with its body, for anything but the production server's own SCIM path (serve-direct.ts). */
export function withBody(response: Response): Response {
  const known = answers.get(response);
  if (known === undefined || response.body !== null) return response;
  const full = new Response(known.text, { status: response.status, headers: response.headers });
  answers.set(full, known);
  return full;
}

export function scimErrorResponse(err: ScimError, headers: Record<string, string> = {}): Response {
  return scimJson(scimErrorBody(err), err.status, err.retryAfterSeconds === undefined ? headers : { ...headers, "Retry-After": String(err.retryAfterSeconds) });
}

export const noContent = () => new Response(null, { status: 204 });
