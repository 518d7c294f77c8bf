import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { generateKeyPair, type KeyPair } from "../../e2e/idp/keys";
import { signRedirectBinding, verifyRedirectBinding } from "./redirect-binding";
import { withSigningFlags } from "./sp-metadata";

let sp: KeyPair;
let other: KeyPair;
before(() => {
  sp = generateKeyPair("sp");
  other = generateKeyPair("other");
});

const authnRequest =
  `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_req1" Version="2.0">` +
  `<saml:Issuer>https://sp.test</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></samlp:AuthnRequest>`;
const jacksonUrl = (base: string) =>
  `${base}${base.includes("?") ? "&" : "?"}` +
  new URLSearchParams({ RelayState: "boxyhq_jackson_abc", SAMLRequest: zlib.deflateRawSync(authnRequest).toString("base64") }).toString();

describe("signRedirectBinding", () => {
  it("moves the signature from the XML to SigAlg and Signature query parameters", () => {
    const signed = signRedirectBinding(jacksonUrl("https://idp.test/sso"), sp.privateKey);
    const url = new URL(signed);
    assert.deepEqual([...url.searchParams.keys()], ["SAMLRequest", "RelayState", "SigAlg", "Signature"]);
    assert.equal(url.searchParams.get("SigAlg"), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    const xml = zlib.inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString();
    assert.doesNotMatch(xml, /Signature/);
    assert.match(xml, /ID="_req1"/);
    assert.equal(verifyRedirectBinding(url.search, sp.cert), true);
    assert.equal(verifyRedirectBinding(url.search, other.cert), false, "another key");
    assert.equal(verifyRedirectBinding(url.search.replace("boxyhq_jackson_abc", "boxyhq_jackson_xyz"), sp.cert), false, "an edited RelayState");
  });
  it("keeps the IdP URL's own query parameters", () => {
    const url = new URL(signRedirectBinding(jacksonUrl("https://idp.test/sso?tenant=42"), sp.privateKey));
    assert.equal(url.searchParams.get("tenant"), "42");
    assert.equal(verifyRedirectBinding(url.search.replace("tenant=42&", ""), sp.cert), true);
  });
});

describe("SP metadata", () => {
  it("states that AuthnRequests are signed and assertions wanted signed", () => {
    const xml = withSigningFlags(
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.test"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`,
    );
    assert.match(xml, /<md:SPSSODescriptor [^>]*AuthnRequestsSigned="true"/);
    assert.match(xml, /<md:SPSSODescriptor [^>]*WantAssertionsSigned="true"/);
  });
});
