import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isLoopbackOrigin, manualVerificationAllowed } from "./policy";
import { fetchMetadataXml, MetadataFetchError } from "./metadata-fetch";
import { checkMetadataXml } from "./connections";

describe("manual domain verification", () => {
  it("is off on a public server unless the operator turns it on", () => {
    assert.equal(manualVerificationAllowed({ appUrl: "https://gatehouse.example.com" }), false);
    assert.equal(manualVerificationAllowed({ flag: "true", appUrl: "https://gatehouse.example.com" }), true);
    assert.equal(manualVerificationAllowed({ flag: "false", appUrl: "http://127.0.0.1:3000" }), true);
  });
  it("knows loopback origins", () => {
    for (const o of ["http://localhost:3000", "http://127.0.0.1:3200", "http://[::1]:3000", "http://app.localhost"]) assert.equal(isLoopbackOrigin(o), true, o);
    for (const o of ["https://gatehouse.example.com", "http://10.0.0.5", "nonsense"]) assert.equal(isLoopbackOrigin(o), false, o);
  });
});

describe("fetchMetadataXml refuses before connecting", () => {
  const refused = async (url: string, allowLoopback = false) =>
    assert.rejects(fetchMetadataXml(url, { allowLoopback }), (e: unknown) => e instanceof MetadataFetchError && e.message.length > 0, url);
  it("non-https, private and local addresses, credentials and junk", async () => {
    await refused("not a url");
    await refused("http://idp.example.com/metadata");
    await refused("ftp://idp.example.com/metadata");
    await refused("https://10.0.0.1/metadata");
    await refused("https://192.168.1.20/metadata");
    await refused("https://169.254.169.254/latest/meta-data");
    await refused("https://127.0.0.1/metadata");
    await refused("https://[::1]/metadata");
    await refused("https://user:pw@idp.example.com/metadata");
    await refused("http://10.0.0.1/metadata", true);
  });
});

describe("checkMetadataXml", () => {
  const idpXml = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
  it("accepts IdP metadata", () => assert.equal(checkMetadataXml(`  ${idpXml}\n`), idpXml));
  it("explains what is wrong with anything else", () => {
    const cases: [string, RegExp][] = [
      ["", /Paste/],
      ["<html>hi</html>", /not SAML metadata/],
      ["<md:EntityDescriptor", /well-formed/],
      [idpXml.replace(/IDPSSODescriptor/g, "SPSSODescriptor"), /no identity provider/],
      [`<!DOCTYPE x>${idpXml}`, /DOCTYPE/],
    ];
    for (const [xml, message] of cases) assert.throws(() => checkMetadataXml(xml), message, xml.slice(0, 30));
  });
});
