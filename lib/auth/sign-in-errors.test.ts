import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { missingCredentialsMessage } from "./sign-in-errors";

describe("missingCredentialsMessage", () => {
  it("names the empty field instead of calling the credentials wrong", () => {
    assert.equal(missingCredentialsMessage("", ""), "Enter your email and password.");
    assert.equal(missingCredentialsMessage("   ", "pw"), "Enter your email.");
    assert.equal(missingCredentialsMessage("a@b.test", ""), "Enter your password.");
    assert.equal(missingCredentialsMessage("a@b.test", "pw"), null);
  });
});
