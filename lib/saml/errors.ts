// Every jackson call goes through callJackson: jackson throws JacksonError (a message meant for
// people, a statusCode, sometimes an internalError with the detail) and, on bugs or a lost
// database, anything at all. Both become an SsoError, so callers handle one type and never 500.

export type SsoErrorKind =
  /** The input was refused (bad metadata, unknown connection, invalid assertion …): 4xx. */
  | "rejected"
  /** jackson or its database is not available right now: 503, try again later. */
  | "unavailable";

export class SsoError extends Error {
  constructor(
    readonly kind: SsoErrorKind,
    message: string,
    readonly status: number,
    /** What jackson said internally, for logs and the audit trail; never shown to end users. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = "SsoError";
  }
}

type JacksonErrorLike = { name?: string; message: string; statusCode?: number; internalError?: string };

function isJacksonError(e: unknown): e is JacksonErrorLike {
  return typeof e === "object" && e !== null && (e as JacksonErrorLike).name === "JacksonError" && typeof (e as JacksonErrorLike).message === "string";
}

export function toSsoError(e: unknown, what: string): SsoError {
  if (e instanceof SsoError) return e;
  if (isJacksonError(e)) {
    const status = e.statusCode ?? 500;
    const detail = e.internalError || e.message;
    if (status >= 500) return new SsoError("unavailable", `Single sign-on failed while trying to ${what}. Try again shortly.`, 503, detail);
    return new SsoError("rejected", e.message, status, detail);
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new SsoError("unavailable", `Single sign-on is unavailable (could not ${what}). Try again shortly.`, 503, detail);
}

/** Runs one jackson call; whatever it throws comes out as an SsoError (logged when unexpected). */
export async function callJackson<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = toSsoError(e, what);
    if (err.kind === "unavailable") console.error(`[saml] ${what} failed: ${err.detail}`);
    return Promise.reject(err);
  }
}
