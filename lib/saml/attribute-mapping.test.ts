import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cleanMapping, mapAssertion, readSentAssertion, sentAssertionFromRaw } from "./attribute-mapping";

const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
const row = (m: ReturnType<typeof mapAssertion>, target: string) => m.rows.find((r) => r.target === target)!;

describe("mapAssertion: what was sent → what Gatehouse sets", () => {
  it("takes the email from the NameID when it is an address and no attribute carries one", () => {
    const m = mapAssertion({ nameId: "Ada@Acme.test", attributes: { givenName: ["Ada"] } });
    assert.equal(m.email, "ada@acme.test");
    assert.deepEqual(row(m, "email"), { target: "email", source: "NameID", sent: ["Ada@Acme.test"], result: "ada@acme.test" });
  });

  it("says why there is no email: a persistent hash NameID and no address attribute", () => {
    const m = mapAssertion({ nameId: "_9c1f0a", attributes: { mail: ["not-an-address"] } });
    assert.equal(m.email, null);
    assert.equal(row(m, "email").note, "mail is not an email address");
    const none = mapAssertion({ nameId: "_9c1f0a", attributes: {} });
    assert.match(none.rows[0].note!, /NameID \(_9c1f0a\) is not an email address/);
  });

  it("an admin's mapping is the only source for its target", () => {
    const sent = { nameId: "ada@acme.test", attributes: { mail: ["ada@acme.test"], workMail: ["ada.l@acme.test"], nick: ["Countess"], givenName: ["Ada"] } };
    const m = mapAssertion(sent, { email: "workMail", displayName: "nick", title: "jobName" });
    assert.equal(m.email, "ada.l@acme.test");
    assert.equal(m.profile.displayName, "Countess");
    assert.equal(m.profile.title, undefined, "a mapped attribute that was not sent sets nothing");
    assert.deepEqual(row(m, "title"), { target: "title", source: null, sent: [], result: null });
    // A mapped email attribute that carries no address is not silently replaced by the NameID.
    assert.equal(mapAssertion(sent, { email: "missing" }).email, null);
  });

  it("reads the role attribute: member or admin, owner capped at admin, anything else ignored", () => {
    assert.equal(mapAssertion({ nameId: null, attributes: { role: ["Admin"] } }).role, "ADMIN");
    const owner = mapAssertion({ nameId: null, attributes: { role: ["owner"] } });
    assert.equal(owner.role, "ADMIN");
    assert.match(row(owner, "role").note!, /never makes owners/);
    const junk = mapAssertion({ nameId: null, attributes: { role: ["manager"] } });
    assert.equal(junk.role, null);
    assert.equal(row(junk, "role").note, "Not a role (owner, admin or member): ignored");
    assert.equal(mapAssertion({ nameId: null, attributes: { [`http://schemas.microsoft.com/ws/2008/06/identity/claims/role`]: ["member"] } }).role, "MEMBER");
  });

  it("keeps every group once, and cuts overlong values", () => {
    const m = mapAssertion({ nameId: null, attributes: { groups: ["eng", "eng", "ops"], givenName: ["x".repeat(400)] } });
    assert.deepEqual(m.groups, ["eng", "ops"]);
    assert.equal(m.profile.givenName!.length, 256);
  });

  it("fills the team profile fields the dialects know", () => {
    const m = mapAssertion({ nameId: null, attributes: { title: ["Analyst"], department: ["Engines"], employeeNumber: ["42"], "urn:oid:2.5.4.10": ["Acme"] } });
    assert.deepEqual(
      { title: m.profile.title, department: m.profile.department, employeeNumber: m.profile.employeeNumber, organization: m.profile.organization },
      { title: "Analyst", department: "Engines", employeeNumber: "42", organization: "Acme" },
    );
  });
});

describe("sentAssertionFromRaw", () => {
  it("shows jackson's copies of the NameID as the NameID, not as attributes", () => {
    const sent = sentAssertionFromRaw({
      [`${CLAIMS}/nameidentifier`]: "_hash",
      [`${CLAIMS}/emailaddress`]: "_hash",
      mail: "ada@acme.test",
      groups: ["a", "b"],
      empty: "",
      nested: { x: 1 },
    });
    assert.deepEqual(sent, { nameId: "_hash", attributes: { mail: ["ada@acme.test"], groups: ["a", "b"] } });
    assert.deepEqual(readSentAssertion(JSON.parse(JSON.stringify(sent))), sent);
    assert.equal(readSentAssertion("junk"), null);
  });

  it("cleanMapping keeps known targets with a name", () => {
    assert.deepEqual(cleanMapping({ email: " mail ", givenName: "", bogus: "x", role: 3 }), { email: "mail" });
  });
});
