import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { oidcChanges, samlChanges, samlIdentityFromMetadata, samlIdentityOfRecord } from "./idp-identity";

const md = (keys: string, sso = `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>`) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.test/e">
     <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}${sso}</md:IDPSSODescriptor>
   </md:EntityDescriptor>`;
const key = (cert: string, use?: string) =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ""}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

describe("samlIdentityFromMetadata", () => {
  it("reads the entity ID, the signing certificates (whitespace aside) and the SSO URLs", () => {
    assert.deepEqual(samlIdentityFromMetadata(md(key("BBB\n  b", "signing") + key("EEE", "encryption") + key("AAA", "signing"))), {
      entityId: "https://idp.test/e",
      certificates: ["AAA", "BBBb"],
      ssoUrls: { post: null, redirect: "https://idp.test/sso" },
    });
  });
  it("takes every certificate when none is marked for signing, as jackson does", () => {
    assert.deepEqual(samlIdentityFromMetadata(md(key("EEE", "encryption") + key("CCC"))).certificates, ["CCC", "EEE"]);
  });
});

describe("samlChanges", () => {
  const stored = samlIdentityOfRecord({
    entityID: "https://idp.test/e",
    publicKey: "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----,BBBb",
    sso: { redirectUrl: "https://idp.test/sso" },
  });
  it("sees nothing when the same IdP is saved again, however its certificates are wrapped", () => {
    assert.deepEqual(samlChanges(stored, samlIdentityFromMetadata(md(key("BBB b", "signing") + key("AAA", "signing")))), []);
  });
  it("names each change that voids a test sign-in", () => {
    assert.deepEqual(samlChanges(stored, samlIdentityFromMetadata(md(key("AAA", "signing")))), ["certificate"]);
    assert.deepEqual(
      samlChanges(stored, { entityId: "https://other.test", certificates: ["AAA", "BBBb"], ssoUrls: { post: "https://idp.test/post", redirect: "https://idp.test/sso" } }),
      ["entity_id", "sso_url"],
    );
  });
});

describe("oidcChanges", () => {
  it("names a changed provider, client ID or secret", () => {
    const a = { discoveryUrl: "https://op.test/.well-known/openid-configuration", clientId: "app", clientSecret: "s" };
    assert.deepEqual(oidcChanges(a, { ...a }), []);
    assert.deepEqual(oidcChanges(a, { ...a, clientSecret: "t" }), ["client_secret"]);
    assert.deepEqual(oidcChanges(a, { discoveryUrl: "https://evil.test", clientId: "x", clientSecret: "s" }), ["discovery_url", "client_id"]);
  });
});
