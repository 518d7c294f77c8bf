import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidSettingsError, parseEnv } from "./env";

describe("settings (lib/env.ts)", () => {
  it("applies the documented defaults to an empty environment", () => {
    const e = parseEnv({});
    assert.equal(e.PORT, 3000);
    assert.equal(e.SCIM_RATE_LIMIT_PER_MINUTE, 10_000);
    assert.equal(e.JACKSON_START_TIMEOUT_MS, 15_000);
    assert.equal(e.GATEHOUSE_SEED, true);
    assert.equal(e.SIGN_IN_ATTEMPTS_PER_ACCOUNT, 10);
    assert.equal(e.TRUSTED_PROXY_HOPS, 0);
  });

  it("reads valid values, and treats blank ones as unset", () => {
    const e = parseEnv({ SCIM_RATE_LIMIT_PER_MINUTE: " 600 ", GATEHOUSE_SEED: "false", SSO_DNS_SERVERS: "1.1.1.1, 8.8.8.8", PORT: "" });
    assert.equal(e.SCIM_RATE_LIMIT_PER_MINUTE, 600);
    assert.equal(e.GATEHOUSE_SEED, false);
    assert.deepEqual(e.SSO_DNS_SERVERS, ["1.1.1.1", "8.8.8.8"]);
    assert.equal(e.PORT, 3000);
  });

  it("refuses a bad value with a message naming the variable", () => {
    const bad: Record<string, string> = {
      SCIM_RATE_LIMIT_PER_MINUTE: "abc",
      PORT: "70000",
      APP_URL: "localhost:3000",
      JACKSON_START_TIMEOUT_MS: "15s",
      GATEHOUSE_SEED: "no",
      SSO_MANUAL_DOMAIN_VERIFICATION: "yes",
      SSO_DNS_SERVERS: "dns.example",
      DATABASE_URL: "mysql://db/x",
      NEXTAUTH_SECRET: "short",
      SIGN_IN_ATTEMPTS_PER_ACCOUNT: "0",
      TRUSTED_PROXY_HOPS: "-1",
    };
    for (const [key, value] of Object.entries(bad)) {
      assert.throws(
        () => parseEnv({ [key]: value }),
        (e: unknown) => e instanceof InvalidSettingsError && e.issues.length === 1 && e.issues[0].startsWith(`${key}: `),
        `${key}=${value}`,
      );
    }
    assert.throws(() => parseEnv({ SCIM_RATE_LIMIT_PER_MINUTE: "abc" }), /SCIM_RATE_LIMIT_PER_MINUTE: expected a whole number \(got "abc"\)/);
  });

  it("refuses manual domain verification where anyone may create a team", () => {
    assert.throws(() => parseEnv({ SSO_MANUAL_DOMAIN_VERIFICATION: "true" }), /SSO_MANUAL_DOMAIN_VERIFICATION: needs GATEHOUSE_TEAM_CREATION=operators/);
    assert.equal(parseEnv({ SSO_MANUAL_DOMAIN_VERIFICATION: "true", GATEHOUSE_TEAM_CREATION: "operators" }).SSO_MANUAL_DOMAIN_VERIFICATION, true);
  });

  // Found by an operator's review: both passed start-up, then failed later and quietly.
  it("refuses a jackson key of the wrong size and a pglite: URL that names no folder, at start", () => {
    const hex = "ab".repeat(32); // openssl rand -hex 32: 64 characters, 48 bytes as base64
    assert.throws(() => parseEnv({ JACKSON_ENCRYPTION_KEY: hex }), /JACKSON_ENCRYPTION_KEY: must be 32 characters, or base64 of 32 bytes/);
    assert.equal(parseEnv({ JACKSON_ENCRYPTION_KEY: "k".repeat(32) }).JACKSON_ENCRYPTION_KEY, "k".repeat(32));
    const base64 = Buffer.alloc(32, 7).toString("base64");
    assert.equal(parseEnv({ JACKSON_ENCRYPTION_KEY: base64 }).JACKSON_ENCRYPTION_KEY, base64);
    for (const url of ["pglite:", "PGLITE: "]) assert.throws(() => parseEnv({ DATABASE_URL: url }), /DATABASE_URL: pglite: names no folder/, url);
    assert.equal(parseEnv({ DATABASE_URL: "pglite:memory" }).DATABASE_URL, "pglite:memory");
    assert.equal(parseEnv({ DATABASE_URL: "pglite:./data/pglite" }).DATABASE_URL, "pglite:./data/pglite");
  });

  it("refuses a postgresql:// URL whose pool or TLS options would silently fall back to a default, without printing the URL", () => {
    for (const [query, says] of [
      ["connection_limit=abc", /connection_limit must be a whole number/],
      ["connection_limit=0", /connection_limit must be a whole number/],
      ["connect_timeout=5s", /connect_timeout must be a number of seconds/],
      ["query_timeout=-1", /query_timeout must be a number of seconds/],
      ["sslmode=verify_full", /sslmode must be one of/],
    ] as const) {
      assert.throws(
        () => parseEnv({ DATABASE_URL: `postgresql://app:hunter2@db.internal:5432/gh?${query}` }),
        (e: unknown) => e instanceof InvalidSettingsError && e.issues.length === 1 && says.test(e.issues[0]!) && !e.message.includes("hunter2"),
        query,
      );
    }
    for (const query of ["", "?connection_limit=20&connect_timeout=2.5&query_timeout=0&sslmode=verify-full"]) {
      assert.equal(parseEnv({ DATABASE_URL: `postgresql://app:pw@db:5432/gh${query}` }).DATABASE_URL, `postgresql://app:pw@db:5432/gh${query}`);
    }
  });

  it("never prints a secret it refuses", () => {
    assert.throws(
      () => parseEnv({ NEXTAUTH_SECRET: "hunter2" }),
      (e: unknown) => e instanceof Error && !e.message.includes("hunter2"),
    );
  });
});
