import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isEmail, normalizeEmail, normalizeUserName } from "./normalize";

describe("identity normalisation", () => {
  it("compares emails and userNames case-insensitively, ignoring surrounding spaces", () => {
    assert.equal(normalizeEmail("  Jane.Doe@Example.COM "), "jane.doe@example.com");
    assert.equal(normalizeUserName("JDoe@Acme.test"), "jdoe@acme.test");
  });

  // One address typed or stored composed ("é", U+00E9) or decomposed ("e" + U+0301) is one
  // address: macOS and some directories hand out the decomposed form. Before, the two were two
  // userNames in one team, and an IdP's lookup in one form missed the member stored in the other.
  it("compares text as its canonical composition (NFC), whatever form it was sent in", () => {
    assert.equal(normalizeUserName("Zoe\u0308@X.test"), normalizeUserName("Zo\u00EB@x.test"));
    assert.equal(normalizeEmail("JOS\u0045\u0301@b\u00FCcher.test"), "jos\u00E9@b\u00FCcher.test");
    const text = fc.string({ unit: fc.constantFrom("a", "E", "o", "\u0301", "\u0308", "\u00E9", "\u00C5", "\u212B", "\u0130", "\u1E9E", "@", " ", "\u0327"), maxLength: 12 });
    fc.assert(
      fc.property(text, (s) => {
        for (const normalize of [normalizeEmail, normalizeUserName]) {
          const key = normalize(s);
          assert.equal(normalize(s.normalize("NFD")), key);
          assert.equal(normalize(s.normalize("NFC")), key);
          assert.equal(key, key.normalize("NFC"));
          assert.equal(normalize(key), key, "a key is its own key");
        }
      }),
    );
  });

  it("accepts ordinary addresses and rejects obvious non-addresses", () => {
    assert.equal(isEmail("a.b+tag@sub.example.co"), true);
    for (const bad of ["", "plain", "a@b", "a b@c.d", "@c.d"]) assert.equal(isEmail(bad), false, bad);
  });
});
