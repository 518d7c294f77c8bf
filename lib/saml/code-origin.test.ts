import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { issuedCode, vouchingConnection } from "./code-origin";

describe("vouchingConnection", () => {
  const saml = { kind: "saml" as const, verifiedBy: [{ teamId: "t1", clientId: "c1" }, { teamId: "t2", clientId: "c2" }] };
  it("is the team's connection that verified a SAML response, whatever the login asked for", () => {
    assert.deepEqual(vouchingConnection(saml, "t2", "a"), { kind: "saml", clientId: "c2", sharedWithOtherTeams: true });
    assert.deepEqual(vouchingConnection(saml, "t1", undefined), { kind: "saml", clientId: "c1", sharedWithOtherTeams: true });
    assert.deepEqual(vouchingConnection({ kind: "saml", verifiedBy: [{ teamId: "t1", clientId: "c1" }] }, "t1", undefined), { kind: "saml", clientId: "c1", sharedWithOtherTeams: false });
  });
  it("is nobody when no connection of the login's team verified the response", () => {
    assert.equal(vouchingConnection(saml, "t3", "c1"), null);
  });
  it("is the connection an OpenID login asked for, which jackson exchanged its code with", () => {
    assert.deepEqual(vouchingConnection({ kind: "oidc" }, "t1", "o"), { kind: "oidc", clientId: "o" });
    assert.equal(vouchingConnection({ kind: "oidc" }, "t1", undefined), null);
  });
  it("is nobody when the code's origin is unknown", () => {
    assert.equal(vouchingConnection(null, "t1", "a"), null);
  });
});

describe("issuedCode", () => {
  it("reads the code of a redirect, and nothing from an error redirect or junk", () => {
    assert.equal(issuedCode("http://x.test/cb?code=abc&state=s"), "abc");
    assert.equal(issuedCode("http://x.test/cb?error=access_denied&state=s"), null);
    assert.equal(issuedCode("http://x.test/cb?code="), null);
    assert.equal(issuedCode("not a url"), null);
    assert.equal(issuedCode("http://x.test/cb?code=planted&code=abc"), null);
  });
});
