import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DatabaseError } from "pg";
import { z } from "zod";
import {
  DuplicateMemberError,
  InvalidMemberInputError,
  LastOwnerError,
  MemberNotFoundError,
  OwnerAuthorityError,
  ScimManagedError,
  VersionMismatchError,
} from "../members/errors";
import { ERROR_SCHEMA } from "./constants";
import { ScimError, scimErrorBody, toScimError } from "./errors";

const mapped = (e: unknown) => {
  const err = toScimError(e);
  return { status: err.status, scimType: err.scimType };
};

describe("scimErrorBody", () => {
  it("renders RFC 7644 §3.12 with status as a string and scimType only when there is one", () => {
    assert.deepEqual(scimErrorBody(new ScimError(400, "invalidFilter", "bad filter")), {
      schemas: [ERROR_SCHEMA],
      status: "400",
      scimType: "invalidFilter",
      detail: "bad filter",
    });
    const body = scimErrorBody(new ScimError(404, undefined, "User not found"));
    assert.equal(body.status, "404");
    assert.equal("scimType" in body, false);
  });
});

describe("toScimError", () => {
  it("passes ScimErrors through unchanged", () => {
    const err = new ScimError(400, "noTarget", "x");
    assert.equal(toScimError(err), err);
  });

  it("maps each domain error by its code", () => {
    assert.deepEqual(mapped(new MemberNotFoundError()), { status: 404, scimType: undefined });
    assert.deepEqual(mapped(new DuplicateMemberError("a")), { status: 409, scimType: "uniqueness" });
    assert.deepEqual(mapped(new LastOwnerError()), { status: 409, scimType: undefined });
    assert.deepEqual(mapped(new InvalidMemberInputError("bad")), { status: 400, scimType: "invalidValue" });
    assert.deepEqual(mapped(new ScimManagedError("Profile")), { status: 400, scimType: "mutability" });
    assert.deepEqual(mapped(new OwnerAuthorityError(true)), { status: 403, scimType: undefined });
    assert.deepEqual(mapped(new VersionMismatchError()), { status: 412, scimType: undefined });
  });

  it("keeps the domain's human message as the detail", () => {
    assert.match(toScimError(new LastOwnerError()).detail, /at least one active owner/);
  });

  it("turns a ZodError into 400 invalidValue naming the offending attribute", () => {
    const result = z.object({ userName: z.string() }).safeParse({ userName: 5 });
    assert.equal(result.success, false);
    const err = toScimError(result.error);
    assert.equal(err.status, 400);
    assert.equal(err.scimType, "invalidValue");
    assert.match(err.detail, /^userName: /);
  });

  it("maps raw Prisma unique and serialization failures to retry-friendly 409s", () => {
    assert.deepEqual(mapped({ code: "P2002" }), { status: 409, scimType: "uniqueness" });
    assert.deepEqual(mapped({ code: "P2034" }), { status: 409, scimType: undefined });
  });

  it("maps a deadlock or serialization failure from a raw statement to a retry-friendly 409, whichever path ran it", () => {
    for (const sqlState of ["40001", "40P01"]) {
      // The direct path (lib/db/direct-query.ts) throws pg's own error.
      const direct = Object.assign(new DatabaseError("deadlock detected", 0, "error"), { code: sqlState });
      assert.deepEqual(mapped(direct), { status: 409, scimType: undefined }, `${sqlState} from pg`);
      // $queryRaw through Prisma's adapter wraps it.
      const wrapped = { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: sqlState } } } };
      assert.deepEqual(mapped(wrapped), { status: 409, scimType: undefined }, `${sqlState} through Prisma`);
    }
    // Other SQLSTATEs are not conflicts: 40002 (integrity constraint violation at commit) is a 500.
    assert.equal(toScimError(Object.assign(new DatabaseError("x", 0, "error"), { code: "40002" })).status, 500);
  });

  it("answers a database away with a retryable 503, and a statement's own failure that only quotes such words with a 500", () => {
    const away = [
      Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 }),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated unexpectedly"),
      { code: "P1001", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } },
      Object.assign(new DatabaseError("terminating connection due to administrator command", 0, "error"), { code: "57P01" }),
      Object.assign(new DatabaseError("sorry, too many clients already", 0, "error"), { code: "53300" }),
      { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "08006" } } } },
      new Error("wrapped", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }),
      // Found under a database terminating connections: a model query's 57P01 (Prisma's P2039,
      // adapter-pg's kind "postgres"), and pg's own word for a connection it lost mid-query.
      { code: "P2039", meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" } } } },
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("Cannot use a pool after calling end on the pool"),
    ];
    for (const e of away) {
      const err = toScimError(e);
      assert.deepEqual({ status: err.status, scimType: err.scimType, retryAfterSeconds: err.retryAfterSeconds }, { status: 503, scimType: undefined, retryAfterSeconds: 5 }, String((e as Error).message ?? (e as { code: string }).code));
    }
    // PostgreSQL answered, quoting what was sent: the words are the request's, not a connection's.
    const quoted = Object.assign(new DatabaseError('invalid input syntax for type uuid: "Connection terminated"', 0, "error"), { code: "22P02" });
    assert.equal(toScimError(quoted).status, 500);
  });

  it("tells the IdP when to retry a write that could not get its turn on the team's lock", () => {
    const err = toScimError({ code: "P2028", message: "Transaction API error: Unable to start a transaction in the given time." });
    assert.deepEqual({ status: err.status, retryAfterSeconds: err.retryAfterSeconds }, { status: 503, retryAfterSeconds: 5 });
  });

  it("never leaks the message of an unexpected error", () => {
    const err = toScimError(new Error('relation "Membership" does not exist at /srv/app/x.ts'));
    assert.equal(err.status, 500);
    assert.equal(err.detail, "Internal server error");
    assert.equal(toScimError("a string").status, 500);
    assert.equal(toScimError(undefined).detail, "Internal server error");
  });
});
