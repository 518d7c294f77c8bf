// The one SCIM error type and its mapping from everything a SCIM handler can throw (RFC 7644 §3.12).
import { ZodError } from "zod";
import { isDatabaseUnreachable, isTransactionConflict, isTransactionTimeout, isUniqueViolation } from "../db/errors";
import { DomainError, VersionMismatchError } from "../members/errors";
import { ERROR_SCHEMA } from "./constants";

/**
 * The detail codes RFC 7644 §3.12 defines (Table 9). There is none for 404, 412, 413 or 500:
 * those answer with `status` and `detail` only.
 */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
    /** Sent as Retry-After (RFC 9110 §10.2.3) with a 429 or a 503: when the IdP may come back. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

// A 503's wait: long enough for a failover or a queue of writes on one team to pass, short enough
// that Okta (which honours Retry-After on 429 and 503) is not held up past the outage.
export const RETRY_UNAVAILABLE_AFTER_SECONDS = 5;

export type ScimErrorBody = {
  schemas: [typeof ERROR_SCHEMA];
  /** A string, as RFC 7644 §3.12 shows it (some IdPs reject a number). */
  status: string;
  scimType?: ScimType;
  detail: string;
};

export function scimErrorBody(err: ScimError): ScimErrorBody {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(err.status),
    ...(err.scimType && { scimType: err.scimType }),
    detail: err.detail,
  };
}

/**
 * Maps anything thrown below a SCIM handler to the error the IdP should see. Domain messages are
 * written for people and safe to show; anything unexpected becomes a bare 500 so internals
 * (SQL, stack traces, file paths) never reach the IdP's logs.
 */
export function toScimError(e: unknown): ScimError {
  if (e instanceof ScimError) return e;
  if (e instanceof DomainError) return fromDomainError(e);
  if (e instanceof ZodError) return new ScimError(400, "invalidValue", describeZodError(e));
  // Normally turned into domain errors by lib/members; these catch writers that do not (yet).
  if (isUniqueViolation(e)) return new ScimError(409, "uniqueness", "A resource with these unique attributes already exists");
  // 409 rather than 500: Entra and Okta retry a 409 later, and a serialization failure is exactly that case.
  if (isTransactionConflict(e)) return new ScimError(409, undefined, "The resource was changed concurrently; retry the request");
  // Writes to one team queue on its lock; past the wait bound the IdP should come back later.
  if (isTransactionTimeout(e)) return new ScimError(503, undefined, "The server is busy with other changes to this team; retry the request", RETRY_UNAVAILABLE_AFTER_SECONDS);
  // Not a bug of the request's, and IdPs retry a 503: a database away (restarting, failing over).
  if (isDatabaseUnreachable(e)) return new ScimError(503, undefined, "The service is temporarily unavailable; retry the request", RETRY_UNAVAILABLE_AFTER_SECONDS);
  return new ScimError(500, undefined, "Internal server error");
}

function fromDomainError(e: DomainError): ScimError {
  switch (e.code) {
    case "not_found":
      return new ScimError(404, undefined, e.message);
    case "duplicate":
      // Okta and Entra read 409 + uniqueness on POST as "already exists" and go on to match the user.
      return new ScimError(409, "uniqueness", e.message);
    case "last_owner":
      // 409 without scimType: the request is well-formed but conflicts with the team's current
      // state (RFC 9110 §15.5.10). Not `uniqueness` (IdPs would try to match an existing user) and
      // not `mutability` (a 400 about the attribute's schema definition, which allows the change).
      return new ScimError(409, undefined, e.message);
    case "invalid":
      return new ScimError(400, "invalidValue", e.message);
    case "scim_managed":
      // Raised only for people editing in the UI; listed so a SCIM caller could never get a 500 for it.
      return new ScimError(400, "mutability", e.message);
    case "forbidden":
      // RFC 7644 §3.12: 403, the token may not perform this operation.
      return new ScimError(403, undefined, e.message);
    case "unauthorized":
      // The token was revoked while the write waited for its team (lib/members/lock-team.ts).
      return new ScimError(401, undefined, e.message);
    case "conflict":
      // RFC 7644 §3.14: a stale If-Match is 412 Precondition Failed; a lost race is a retryable 409.
      return e instanceof VersionMismatchError
        ? new ScimError(412, undefined, e.message)
        : new ScimError(409, undefined, e.message);
  }
}

/** "emails.0.value: Invalid input: expected string, received number; userName: …" */
export function describeZodError(e: ZodError): string {
  const parts = e.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (e.issues.length > 5) parts.push(`and ${e.issues.length - 5} more`);
  return parts.join("; ");
}
