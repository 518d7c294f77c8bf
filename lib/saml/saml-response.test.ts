import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { MalformedSamlResponse, parseSamlResponse, precheckSamlResponse, replayExpiry, replayKeys } from "./saml-response";

const SP = "https://gatehouse.test/api/saml/metadata";
let idp: TestIdp;
before(() => {
  idp = new TestIdp("https://idp.test/acme", "https://idp.test/acme/sso", generateKeyPair("unit"));
});
const b64 = (xml: string) => Buffer.from(xml).toString("base64");

describe("parseSamlResponse", () => {
  it("reads issuer, IDs, audience and lifetime of a signed response", () => {
    const until = new Date(Date.now() + 120_000);
    const s = parseSamlResponse(idp.buildResponse({ acsUrl: "https://x/acs", audience: SP, email: "a@acme.test", notOnOrAfter: until, responseId: "_r1", assertionId: "_a1" }));
    assert.equal(s.issuer, "https://idp.test/acme");
    assert.equal(s.responseId, "_r1");
    assert.equal(s.assertions.length, 1);
    assert.equal(s.assertions[0].id, "_a1");
    assert.deepEqual(s.assertions[0].audiences, [SP]);
    assert.equal(s.assertions[0].notOnOrAfter?.toISOString(), until.toISOString());
    assert.deepEqual(replayKeys(s), ["r:https://idp.test/acme:_r1", "a:https://idp.test/acme:_a1"]);
  });

  it("sees every assertion, so a wrapped copy cannot hide the signed one's ID", () => {
    const xml = Buffer.from(idp.buildResponse({ acsUrl: "https://x/acs", audience: SP, email: "a@acme.test", assertionId: "_signed" }), "base64").toString();
    const wrapped = xml.replace("<samlp:Status>", `<samlp:Extensions><saml:Assertion ID="_decoy" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Conditions NotOnOrAfter="2999-01-01T00:00:00Z"><saml:AudienceRestriction><saml:Audience>${SP}</saml:Audience></saml:AudienceRestriction></saml:Conditions></saml:Assertion></samlp:Extensions><samlp:Status>`);
    const keys = replayKeys(parseSamlResponse(b64(wrapped)));
    assert.ok(keys.some((k) => k.endsWith(":_signed")));
    assert.ok(keys.some((k) => k.endsWith(":_decoy")));
  });

  it("refuses what is not a SAML response", () => {
    for (const bad of ["", b64("plain text"), b64("<html/>"), b64("<samlp:Response xmlns:samlp='x'>"), b64('<!DOCTYPE x [<!ENTITY a "b">]><x/>'), "x".repeat(1_000_001)]) {
      assert.throws(() => parseSamlResponse(bad), MalformedSamlResponse);
    }
  });
});

describe("precheckSamlResponse", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const summary = (audiences: string[], notOnOrAfter: Date | null) => ({
    issuer: "i",
    responseId: "r",
    assertions: [{ id: "a", audiences, notOnOrAfter }],
    encryptedAssertionDigests: [],
  });
  it("accepts our exact audience within the lifetime (and its clock skew)", () => {
    assert.equal(precheckSamlResponse(summary([SP], new Date("2026-06-01T12:05:00Z")), SP, now), null);
    assert.equal(precheckSamlResponse(summary(["other", SP], new Date("2026-06-01T11:55:00Z")), SP, now), null);
  });
  it("refuses another audience, including one that only starts with ours", () => {
    assert.equal(precheckSamlResponse(summary(["https://evil.test"], new Date("2026-06-01T13:00:00Z")), SP, now), "wrong_audience");
    assert.equal(precheckSamlResponse(summary([`${SP}x`], new Date("2026-06-01T13:00:00Z")), SP, now), "wrong_audience");
    assert.equal(precheckSamlResponse(summary([], new Date("2026-06-01T13:00:00Z")), SP, now), "wrong_audience");
  });
  it("refuses an expired assertion and one that never expires", () => {
    assert.equal(precheckSamlResponse(summary([SP], new Date("2026-06-01T11:49:00Z")), SP, now), "expired");
    assert.equal(precheckSamlResponse(summary([SP], null), SP, now), "no_expiry");
  });
  it("refuses a response without any assertion", () => {
    assert.equal(precheckSamlResponse({ issuer: "i", responseId: "r", assertions: [], encryptedAssertionDigests: [] }, SP, now), "no_assertion");
  });
  it("remembers a response until it could no longer pass, and encrypted ones for a day", () => {
    assert.equal(replayExpiry(summary([SP], new Date("2026-06-01T12:05:00Z")), now).toISOString(), "2026-06-01T12:15:00.000Z");
    const enc = { issuer: "i", responseId: "r", assertions: [], encryptedAssertionDigests: ["d"] };
    assert.equal(replayExpiry(enc, now).toISOString(), "2026-06-02T12:00:00.000Z");
  });
});
