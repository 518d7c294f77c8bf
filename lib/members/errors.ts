// Errors the membership domain raises on purpose. Each boundary maps them once:
// SCIM (lib/scim/errors.ts) to the RFC 7644 error body, server actions to a form message.
export type DomainErrorCode =
  | "not_found"
  | "duplicate"
  | "last_owner"
  | "invalid"
  | "scim_managed"
  | "forbidden"
  | "conflict"
  | "unauthorized";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class MemberNotFoundError extends DomainError {
  constructor(what = "Member") {
    super("not_found", `${what} not found`);
  }
}

export class DuplicateMemberError extends DomainError {
  constructor(userName: string) {
    super("duplicate", `A member with userName "${userName}" already exists in this team`);
  }
}

export class LastOwnerError extends DomainError {
  constructor() {
    super("last_owner", "A team must keep at least one active owner: add or promote another owner first");
  }
}

export class InvalidMemberInputError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

/** The IdP owns this attribute: a UI edit would be overwritten at the next sync. */
export class ScimManagedError extends DomainError {
  constructor(what: string) {
    super("scim_managed", `${what} is managed by your identity provider (SCIM); change it there`);
  }
}

/** If-Match named a version the member no longer has (SCIM answers 412). */
export class VersionMismatchError extends DomainError {
  constructor() {
    super("conflict", "The resource changed since the version given in If-Match");
  }
}

export class DuplicateGroupError extends DomainError {
  constructor(displayName: string) {
    super("duplicate", `A group named "${displayName}" already exists in this team`);
  }
}

/**
 * The SCIM token a write came with was revoked (or rotated without overlap, or expired) while the
 * write waited for its team: found once the write holds the team's row (lock-team.ts). SCIM
 * answers 401, as it would have had the request come a moment later.
 */
export class ScimTokenRefusedError extends DomainError {
  constructor() {
    super("unauthorized", "The bearer token has been revoked");
  }
}

/**
 * A SCIM token's owner authority (its creator an active owner) ended while its request was under
 * way: a retryable conflict (409); the retry acts as an admin's token (lib/members/lock-team.ts).
 */
export class ScimTokenAuthorityChangedError extends DomainError {
  constructor() {
    super("conflict", "The token's creator is no longer an owner of this team; the request was not carried out. Retry it: the token now acts as an admin's.");
  }
}

/** Someone without an owner's authority touched the Owner role (see owner-authority.ts). */
export class OwnerAuthorityError extends DomainError {
  constructor(byScimToken: boolean) {
    super(
      "forbidden",
      byScimToken
        ? "This SCIM token may not grant the Owner role or change, deactivate or remove an owner: only a token an owner generates can"
        : "Only owners can grant the Owner role or change, deactivate or remove an owner",
    );
  }
}
