import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hasSessionCookie, signInAgainUrl } from "./sign-in-again";
import { signInErrorMessage } from "./sign-in-errors";

describe("signInAgainUrl", () => {
  const fallback = "/teams/acme/members";

  it("returns to the page that was asked for, and says the session ended when there was one", () => {
    assert.equal(
      signInAgainUrl({ path: "/teams/acme/audit?view=scim&errors=1", fallback, hadSession: true }),
      `/login?callbackUrl=${encodeURIComponent("/teams/acme/audit?view=scim&errors=1")}&error=SessionEnded`,
    );
    assert.equal(signInErrorMessage("SessionEnded"), "Your session ended, sign in again.");
  });

  it("says nothing to someone who was not signed in", () => {
    assert.equal(signInAgainUrl({ path: "/teams/acme/groups", fallback, hadSession: false }), `/login?callbackUrl=${encodeURIComponent("/teams/acme/groups")}`);
  });

  it("never returns to another site, nor to the sign-in page", () => {
    for (const path of ["//evil.test/x", "https://evil.test/", "/\\evil.test", "/login?callbackUrl=/x", null]) {
      assert.equal(signInAgainUrl({ path, fallback, hadSession: false }), `/login?callbackUrl=${encodeURIComponent(fallback)}`, String(path));
    }
  });

  it("keeps the access-ended reason", () => {
    assert.match(signInAgainUrl({ path: "/teams/acme/sso", fallback, hadSession: true, accessEnded: true }), /&error=SessionRequired$/);
  });
});

describe("hasSessionCookie", () => {
  it("recognises next-auth's session cookie, secure and chunked", () => {
    assert.equal(hasSessionCookie(["next-auth.session-token"]), true);
    assert.equal(hasSessionCookie(["__Secure-next-auth.session-token.0"]), true);
    assert.equal(hasSessionCookie(["next-auth.csrf-token", "other"]), false);
    // The marker a signed-in page leaves: the session cookie expires with the session.
    assert.equal(hasSessionCookie(["gatehouse-signed-in"]), true);
  });
});
