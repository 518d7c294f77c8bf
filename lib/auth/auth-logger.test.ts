import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeAuthError } from "./auth-logger";
import { SessionEndedError } from "./session-ended";

describe("describeAuthError", () => {
  it("says in one line, without a stack, that a session cookie could not be read", () => {
    const err = new Error("decryption operation failed\n    at gcmDecrypt (node_modules/jose/…)");
    const d = describeAuthError("JWT_SESSION_ERROR", { error: err, message: err.message });
    assert.equal(d.level, "warn");
    assert.equal(d.stack, undefined);
    assert.equal(d.line, "[auth] a session cookie could not be read (expired secret, tampered or garbage); the visitor is treated as signed out: decryption operation failed");
    assert.ok(!d.line.includes("\n"));
  });

  it("says a cookie whose session ended was refused, in one line", () => {
    const d = describeAuthError("JWT_SESSION_ERROR", new SessionEndedError());
    assert.equal(d.level, "warn");
    assert.equal(d.stack, undefined);
    assert.match(d.line, /^\[auth\] a cookie whose session has ended .*answered as signed out/);
  });

  it("keeps an unexpected error's stack", () => {
    const d = describeAuthError("OAUTH_CALLBACK_HANDLER_ERROR", new Error("boom"));
    assert.equal(d.level, "error");
    assert.equal(d.line, "[auth] OAUTH_CALLBACK_HANDLER_ERROR: boom");
    assert.match(d.stack ?? "", /boom/);
  });

  it("says in one line, without a stack, that a sign-in callback had no valid state or PKCE cookie", () => {
    const cases = [
      ["State cookie was missing.", new TypeError("State cookie was missing.")],
      ["PKCE code_verifier cookie was missing.", { error: new TypeError("PKCE code_verifier cookie was missing."), providerId: "boxyhq-saml" }],
      ["State value could not be parsed.", new TypeError("State value could not be parsed.")],
      ["PKCE code_verifier value could not be parsed.", new TypeError("PKCE code_verifier value could not be parsed.")],
      ["state mismatch", { error: Object.assign(new Error("state mismatch, expected abc, got: x"), { name: "RPError" }), providerId: "boxyhq-saml" }],
    ] as const;
    for (const [said, metadata] of cases) {
      const d = describeAuthError("OAUTH_CALLBACK_ERROR", metadata);
      assert.deepEqual(
        d,
        { level: "warn", line: `[auth] a sign-in callback came without a valid state or PKCE cookie (expired, another browser, or not started here); the visitor is asked to sign in again: ${said}` },
        said,
      );
    }
  });

  it("keeps the stack of any other callback error", () => {
    const d = describeAuthError("OAUTH_CALLBACK_ERROR", { error: new Error("connect ECONNREFUSED 127.0.0.1:5432"), providerId: "boxyhq-saml" });
    assert.equal(d.level, "error");
    assert.match(d.stack ?? "", /ECONNREFUSED/);
  });
});
