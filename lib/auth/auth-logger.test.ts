import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeAuthError } from "./auth-logger";

describe("describeAuthError", () => {
  it("says in one line, without a stack, that a session cookie could not be read", () => {
    const err = new Error("decryption operation failed\n    at gcmDecrypt (node_modules/jose/…)");
    const d = describeAuthError("JWT_SESSION_ERROR", { error: err, message: err.message });
    assert.equal(d.level, "warn");
    assert.equal(d.stack, undefined);
    assert.equal(d.line, "[auth] a session cookie could not be read (expired secret, tampered or garbage); the visitor is treated as signed out: decryption operation failed");
    assert.ok(!d.line.includes("\n"));
  });

  it("keeps an unexpected error's stack", () => {
    const d = describeAuthError("OAUTH_CALLBACK_HANDLER_ERROR", new Error("boom"));
    assert.equal(d.level, "error");
    assert.equal(d.line, "[auth] OAUTH_CALLBACK_HANDLER_ERROR: boom");
    assert.match(d.stack ?? "", /boom/);
  });
});
