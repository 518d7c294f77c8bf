import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { emailDomain, parseDomain, vouchableEmailDomain, txtMatches, txtRecordName, txtRecordValue } from "./domains";

describe("parseDomain", () => {
  it("normalises what admins type", () => {
    for (const [input, domain] of [
      ["Acme.COM", "acme.com"],
      ["@acme.com", "acme.com"],
      [" acme.com. ", "acme.com"],
      ["eu.acme.co.uk", "eu.acme.co.uk"],
      ["bücher.de", "xn--bcher-kva.de"],
    ]) {
      assert.deepEqual(parseDomain(input), { ok: true, domain }, input);
    }
  });
  it("refuses what is not a domain, with a message", () => {
    for (const bad of ["", "acme", "https://acme.com", "acme.com/path", "a b.com", "*.acme.com", "-acme.com", "acme..com", "10.0.0.1", "ada@acme.com"]) {
      const r = parseDomain(bad);
      assert.equal(r.ok, false, bad);
      assert.ok(!r.ok && r.message.length > 0);
    }
  });
  it("refuses public mailbox providers", () => {
    const r = parseDomain("GMail.com");
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /public email provider/);
  });
});

describe("emailDomain", () => {
  it("extracts the lower-cased domain of an address", () => {
    assert.equal(emailDomain("Ada@Acme.TEST"), "acme.test");
    assert.equal(emailDomain("ada@gmail.com"), "gmail.com");
    assert.equal(emailDomain("not-an-email"), null);
    assert.equal(emailDomain("@acme.test"), null);
  });
});

describe("TXT proof", () => {
  it("names the record and matches its value, also when split into chunks", () => {
    assert.equal(txtRecordName("acme.test"), "_gatehouse-verification.acme.test");
    const value = txtRecordValue("abc123");
    assert.equal(txtMatches([["v=spf1 -all"], [value]], "abc123"), true);
    assert.equal(txtMatches([[value.slice(0, 10), value.slice(10)]], "abc123"), true);
    assert.equal(txtMatches([[txtRecordValue("other")]], "abc123"), false);
    assert.equal(txtMatches([], "abc123"), false);
  });
});

describe("vouchableEmailDomain", () => {
  it("is the domain when the address writes it plainly, in any case", () => {
    assert.equal(vouchableEmailDomain("Ada@Acme.TEST"), "acme.test");
    assert.equal(vouchableEmailDomain("ada@xn--bcher-kva.test"), "xn--bcher-kva.test");
  });
  it("is null for spellings IDNA maps to a domain but the account key keeps apart", () => {
    for (const email of ["ada@acme.test.", "ada@\uff41cme.test", "ada@ac\u00adme.test", "ada@acme\u3002test", "ada@b\u00fccher.test"]) {
      assert.equal(vouchableEmailDomain(email), null, email);
      assert.notEqual(emailDomain(email), null, `${email}: the wider reading still finds its domain (Require SSO)`);
    }
  });
});
