import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LastOwnerError } from "@/lib/members/errors";
import { SsoError } from "@/lib/saml/errors";
import { actionErrorMessage } from "./action-error-message";

describe("actionErrorMessage", () => {
  it("shows the message written for people of a domain or SSO error, never an SSO error's internals", () => {
    assert.equal(actionErrorMessage(new LastOwnerError()), new LastOwnerError().message);
    assert.equal(actionErrorMessage(new SsoError("unavailable", "Single sign-on is unavailable right now. Try again.", 503, "ECONNREFUSED 10.0.0.5")), "Single sign-on is unavailable right now. Try again.");
  });
  it("reports anything else without its internals", () => {
    const original = console.error;
    console.error = () => {};
    try {
      assert.equal(actionErrorMessage(new Error("relation \"Team\" does not exist")), "Something went wrong and nothing was changed. Please try again.");
    } finally {
      console.error = original;
    }
  });
});
