import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isLoopbackOrigin, manualVerificationAllowed } from "./policy";
import { fetchMetadataXml, MetadataFetchError, type FetchOptions } from "./metadata-fetch";
import { isAllowedAddress } from "./outbound-fence";
import { checkMetadataXml } from "./connections";

describe("manual domain verification", () => {
  it("is off on a public server unless the operator turns it on (lib/env.ts has parsed the flag)", () => {
    const operators = "operators" as const;
    assert.equal(manualVerificationAllowed({ enabled: undefined, appUrl: "https://gatehouse.example.com", teamCreation: operators }), false);
    assert.equal(manualVerificationAllowed({ enabled: false, appUrl: "https://gatehouse.example.com", teamCreation: operators }), false);
    assert.equal(manualVerificationAllowed({ enabled: true, appUrl: "https://gatehouse.example.com", teamCreation: operators }), true);
    assert.equal(manualVerificationAllowed({ enabled: false, appUrl: "http://127.0.0.1:3000", teamCreation: "anyone" }), true);
  });
  // Where anyone may make a team, anyone would be an owner able to claim any company's domain.
  it("is off where anyone may create a team, whatever the flag says", () => {
    assert.equal(manualVerificationAllowed({ enabled: true, appUrl: "https://gatehouse.example.com", teamCreation: "anyone" }), false);
  });
  it("is not turned on by a public host name that merely starts like a loopback address", () => {
    assert.equal(manualVerificationAllowed({ enabled: undefined, appUrl: "https://127.corp.example.com", teamCreation: "operators" }), false);
  });
  it("knows loopback origins", () => {
    for (const o of ["http://localhost:3000", "http://127.0.0.1:3200", "http://127.8.9.10", "http://[::1]:3000", "http://[0:0:0:0:0:0:0:1]", "http://app.localhost", "http://LOCALHOST:3000"]) {
      assert.equal(isLoopbackOrigin(o), true, o);
    }
    for (const o of ["https://gatehouse.example.com", "http://10.0.0.5", "nonsense", "https://127.corp.example.com", "http://127.0.0.1.nip.io", "http://localhost.example.com", "http://[::2]"]) {
      assert.equal(isLoopbackOrigin(o), false, o);
    }
  });
});

describe("fetchMetadataXml refuses before connecting", () => {
  const PRIVATE = /private or local address/;
  // Each case must be refused for its own reason: with a guard removed the request goes out and
  // fails differently ("Could not reach …"), so the test fails too.
  const refused = async (url: string, reason: RegExp, options: Partial<FetchOptions> = {}) =>
    assert.rejects(fetchMetadataXml(url, { allowLoopback: false, ...options }), (e: unknown) => e instanceof MetadataFetchError && reason.test(e.message), url);
  /** A resolver that answers `address` for every name, as a hostile DNS record would. */
  const resolvesTo =
    (...addresses: string[]): FetchOptions["dnsLookup"] =>
    (_host, _opts, cb) =>
      cb(null, addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));

  it("non-https URLs, credentials and junk", async () => {
    await refused("not a url", /full metadata URL/);
    await refused("http://idp.example.com/metadata", /must start with https/);
    await refused("ftp://idp.example.com/metadata", /must start with https/);
    await refused("https://user:pw@idp.example.com/metadata", /user name or password/);
    await refused("http://10.0.0.1/metadata", /must start with https/, { allowLoopback: true });
  });
  it("private, loopback, link-local and NAT64 address literals", async () => {
    for (const host of ["10.0.0.1", "192.168.1.20", "169.254.169.254", "127.0.0.1", "100.64.0.1", "[::1]", "[fd00::1]", "[::ffff:10.0.0.1]", "[64:ff9b::a00:1]", "[64:ff9b::7f00:1]", "[64:ff9b:1::a00:1]"]) {
      await refused(`https://${host}/metadata`, PRIVATE);
    }
  });
  it("a hostname that resolves to a private, loopback or NAT64 address", async () => {
    await refused("https://idp.attacker.example/metadata", PRIVATE, { dnsLookup: resolvesTo("127.0.0.1") });
    await refused("https://idp.attacker.example/metadata", PRIVATE, { dnsLookup: resolvesTo("10.0.0.7") });
    await refused("https://idp.attacker.example/metadata", PRIVATE, { dnsLookup: resolvesTo("64:ff9b::7f00:1") });
    // One bad address among good ones is enough: the connection could pick it.
    await refused("https://idp.attacker.example/metadata", PRIVATE, { dnsLookup: resolvesTo("93.184.215.14", "127.0.0.1") });
    // localhost, through the system resolver.
    await refused("https://localhost/metadata", PRIVATE);
  });
});

describe("the addresses metadata (and OpenID endpoints) may be fetched from", () => {
  it("public IPv4 and IPv6 addresses, also as IPv4-mapped IPv6", () => {
    // A rule for the IPv4-mapped range ::ffff:0:0/96 matched every IPv4 address as well.
    for (const address of ["93.184.215.14", "8.8.8.8", "::ffff:93.184.215.14", "::ffff:5db8:d70e", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]) {
      assert.equal(isAllowedAddress(address, { allowLoopback: false }), true, address);
    }
  });
  it("not private, loopback, link-local or NAT64 ones, in either form", () => {
    for (const address of ["10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "127.0.0.1", "0.0.0.0", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "::ffff:127.0.0.1", "::1", "fd00::1", "fe80::1", "64:ff9b::a00:1"]) {
      assert.equal(isAllowedAddress(address, { allowLoopback: false }), false, address);
    }
    assert.equal(isAllowedAddress("::ffff:127.0.0.1", { allowLoopback: true }), true, "loopback, when the server itself runs there");
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
