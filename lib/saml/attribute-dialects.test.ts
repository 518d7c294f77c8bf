import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DIALECTS, dialectNames, dialectOf, MAPPING_TARGETS } from "./attribute-dialects";
import { mapAssertion } from "./attribute-mapping";

// One assertion per dialect, as that IdP sends it by default: each must give Gatehouse the
// email, given name, family name and (where the dialect has one) display name and groups.
const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
const samples: Record<string, Record<string, string[]>> = {
  gatehouse: { email: ["ada@acme.test"], firstName: ["Ada"], lastName: ["Lovelace"], displayName: ["Ada L."], groups: ["eng"] },
  okta: { "user.email": ["ada@acme.test"], "user.firstName": ["Ada"], "user.lastName": ["Lovelace"], "user.displayName": ["Ada L."] },
  entra: {
    [`${CLAIMS}/emailaddress`]: ["ada@acme.test"],
    [`${CLAIMS}/givenname`]: ["Ada"],
    [`${CLAIMS}/surname`]: ["Lovelace"],
    "http://schemas.microsoft.com/identity/claims/displayname": ["Ada L."],
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["eng"],
  },
  adfs: {
    "http://schemas.xmlsoap.org/claims/EmailAddress": ["ada@acme.test"],
    "http://schemas.xmlsoap.org/claims/FirstName": ["Ada"],
    "http://schemas.xmlsoap.org/claims/LastName": ["Lovelace"],
    "http://schemas.xmlsoap.org/claims/CommonName": ["Ada L."],
    "http://schemas.xmlsoap.org/claims/Group": ["eng"],
  },
  google: { "Primary email": ["ada@acme.test"], "First name": ["Ada"], "Last name": ["Lovelace"], display_name: ["Ada L."], Groups: ["eng"] },
  ldap: { mail: ["ada@acme.test"], givenName: ["Ada"], sn: ["Lovelace"], displayName: ["Ada L."], memberOf: ["eng"] },
  urn_oid: {
    "urn:oid:0.9.2342.19200300.100.1.3": ["ada@acme.test"],
    "urn:oid:2.5.4.42": ["Ada"],
    "urn:oid:2.5.4.4": ["Lovelace"],
    "urn:oid:2.16.840.1.113730.3.1.241": ["Ada L."],
    "urn:oid:1.3.6.1.4.1.5923.1.5.1.1": ["eng"],
  },
};

describe("attribute dialects", () => {
  for (const [id, attributes] of Object.entries(samples)) {
    it(`reads the ${id} dialect with a NameID that is not an email`, () => {
      const m = mapAssertion({ nameId: "_8f3a1c0e5b2d4", attributes });
      assert.equal(m.email, "ada@acme.test");
      assert.equal(m.profile.givenName, "Ada");
      assert.equal(m.profile.familyName, "Lovelace");
      assert.equal(m.profile.nameFormatted, "Ada Lovelace");
      assert.equal(m.profile.displayName, "Ada L.");
      if (attributes[Object.keys(attributes).find((k) => /group|memberOf|5923\.1\.5/i.test(k)) ?? ""]) assert.deepEqual(m.groups, ["eng"]);
    });
  }

  it("reads eduPerson's principal name as the email when nothing else carries one", () => {
    const m = mapAssertion({ nameId: "opaque", attributes: { eduPersonPrincipalName: ["ada@acme.test"], "urn:oid:1.3.6.1.4.1.5923.1.1.1.2": ["ada"] } });
    assert.equal(m.email, "ada@acme.test");
    assert.equal(m.profile.nickName, "ada");
  });

  it("every dialect is in the table, and every name in it means one target", () => {
    assert.deepEqual(DIALECTS.map((d) => d.id).sort(), ["adfs", "eduperson", "entra", "gatehouse", "google", "ldap", "okta", "urn_oid"]);
    for (const target of MAPPING_TARGETS) {
      for (const name of dialectNames(target)) {
        const others = MAPPING_TARGETS.filter((t) => t !== target && dialectNames(t).some((n) => n.toLowerCase() === name.toLowerCase()));
        assert.deepEqual(others, [], `${name} means ${target} and ${others.join(", ")}`);
      }
    }
  });

  it("names the dialect of an attribute", () => {
    assert.equal(dialectOf("urn:oid:2.5.4.42")?.id, "urn_oid");
    assert.equal(dialectOf("MAIL")?.id, "ldap");
    assert.equal(dialectOf("favouriteColour"), null);
  });
});
