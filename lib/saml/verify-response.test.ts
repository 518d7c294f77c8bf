import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair, type KeyPair } from "../../e2e/idp/keys";
import { TestIdp, type ResponseOptions } from "../../e2e/idp/test-idp";
import { b64, wrap, XSW_VARIANTS, targetsResponseSignature } from "./testing/forge";
import { certificatesFrom, parseEnvelope, SamlRefusal, verifyEnvelope, type SamlRefusalReason } from "./verify-response";

const SP = "https://gatehouse.test/api/saml/metadata";
const ACS = "https://gatehouse.test/api/oauth/saml";
let idp: TestIdp;
let keys: KeyPair;
let sp: KeyPair;
before(() => {
  keys = generateKeyPair("unit");
  sp = generateKeyPair("unit-sp");
  idp = new TestIdp("https://idp.test/acme", "https://idp.test/acme/sso", keys);
});

const verify = (o: Partial<ResponseOptions> = {}, now = new Date()) =>
  verifyEnvelope(parseEnvelope(idp.buildResponse({ acsUrl: ACS, audience: SP, email: "a@acme.test", ...o })), {
    acsUrl: ACS,
    audience: SP,
    certificates: [keys.cert],
    decryptionKey: sp.privateKey,
    now,
  });

function refusedWith(reason: SamlRefusalReason, fn: () => unknown) {
  assert.throws(fn, (e: unknown) => e instanceof SamlRefusal && e.reason === reason, reason);
}

describe("verifyEnvelope", () => {
  it("returns what the signed assertion says", () => {
    const v = verify({ responseId: "_r1", assertionId: "_a1", inResponseTo: "_req" });
    assert.deepEqual([v.issuer, v.responseId, v.assertionId, v.nameId, v.inResponseTo], ["https://idp.test/acme", "_r1", "_a1", "a@acme.test", "_req"]);
    assert.equal(v.responseSigned && v.assertionSigned, true);
  });

  it("decrypts an encrypted assertion and checks it like a plain one", () => {
    const v = verify({ encryptFor: sp.cert, assertionId: "_enc" });
    assert.equal(v.encrypted, true);
    assert.equal(v.assertionId, "_enc");
    refusedWith("wrong_audience", () => verify({ encryptFor: sp.cert, audience: `${SP}x` }));
    refusedWith("undecryptable", () => verify({ encryptFor: keys.cert }));
  });

  it("refuses every XSW variant", () => {
    for (const v of XSW_VARIANTS) {
      const xml = idp.buildResponseXml({ acsUrl: ACS, audience: SP, email: "a@acme.test", signResponse: targetsResponseSignature(v), signAssertion: !targetsResponseSignature(v) });
      const forged = wrap(v, xml, "a@acme.test", "evil@acme.test");
      assert.throws(
        () => verifyEnvelope(parseEnvelope(b64(forged)), { acsUrl: ACS, audience: SP, certificates: [keys.cert], decryptionKey: null, now: new Date() }),
        (e: unknown) => e instanceof SamlRefusal && (e.reason === "wrapped" || e.reason === "bad_signature"),
        v,
      );
    }
  });

  it("tells expired from not yet valid, with 3 minutes of skew", () => {
    const at = new Date("2026-06-01T12:00:00Z");
    const window = { issueInstant: at, notBefore: at, notOnOrAfter: new Date(at.getTime() + 5 * 60_000) };
    assert.ok(verify(window, new Date(at.getTime() - 2 * 60_000)));
    refusedWith("not_yet_valid", () => verify(window, new Date(at.getTime() - 4 * 60_000)));
    assert.ok(verify(window, new Date(at.getTime() + 7 * 60_000)));
    refusedWith("expired", () => verify(window, new Date(at.getTime() + 8 * 60_000)));
  });

  it("refuses misaddressed and unsigned responses", () => {
    refusedWith("wrong_recipient", () => verify({ recipient: "https://other.example/acs" }));
    refusedWith("wrong_destination", () => verify({ destination: "https://other.example/acs" }));
    refusedWith("unsigned", () => verify({ signResponse: false, signAssertion: false }));
    refusedWith("bad_signature", () => verify({ signWith: sp }));
  });
});

describe("parseEnvelope", () => {
  it("refuses what is not a SAML response", () => {
    for (const bad of ["", b64("plain text"), b64("<html/>"), b64("<samlp:Response xmlns:samlp='x'>"), b64('<!DOCTYPE x [<!ENTITY a "b">]><x/>'), "x".repeat(1_000_001)]) {
      refusedWith("malformed", () => parseEnvelope(bad));
    }
  });
  it("flags an Issuer in another namespace, which jackson would read first", () => {
    const xml = idp.buildResponseXml({ acsUrl: ACS, audience: SP, email: "a@acme.test" }).replace("<saml:Issuer>", `<x:Issuer xmlns:x="urn:other">https://evil</x:Issuer><saml:Issuer>`);
    assert.equal(parseEnvelope(b64(xml)).issuerProblem?.reason, "wrapped");
  });
});

describe("certificatesFrom", () => {
  it("reads PEM and jackson's comma-separated base64 bodies", () => {
    const body = keys.cert.replace(/-----[^-]+-----|\s/g, "");
    assert.deepEqual(certificatesFrom(keys.cert), [keys.cert]);
    const two = certificatesFrom(`${body},${body}`);
    assert.equal(two.length, 2);
    assert.match(two[0], /^-----BEGIN CERTIFICATE-----\n/);
    assert.deepEqual(certificatesFrom(undefined), []);
  });
});
