// OneLogin provisions from a SCIM JSON template the admin pastes ("SCIM Provisioner with SAML
// (SCIM v2 Enterprise)"), filled from each person's fields: a field the person does not have is
// sent as "". Such a value of a list (an address with no part, a phone number without a number)
// is no value; it must not be stored and shown back as `addresses: [{}]` or `[{type: "work"}]`.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { PATCH_SCHEMA, scimClient, teamWithToken, USER_SCHEMA } from "../testing/scim-harness";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

/** The template a OneLogin guide gives its admins, filled for someone with no city, phone or manager. */
function oneLoginUser(email: string, fields: { city?: string; phone?: string } = {}) {
  return {
    schemas: [USER_SCHEMA, ENT],
    userName: email,
    name: { familyName: "Lee", givenName: "Ann" },
    title: "",
    userType: "",
    timezone: "",
    emails: [{ value: email, type: "work", primary: true }],
    phoneNumbers: [{ value: fields.phone ?? "", type: "work" }],
    addresses: [{ locality: fields.city ?? "", region: "", country: "" }],
    [ENT]: { organization: "", division: "", department: "", manager: { value: "", displayName: " " } },
  };
}

describe("OneLogin's filled template", () => {
  it("stores no empty values of a list, through POST, PUT and PATCH", async () => {
    const { token } = await teamWithToken(t.db, "onelogin");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oneLoginUser("ann@onelogin.test") });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const bare = { emails: [{ value: "ann@onelogin.test", type: "work", primary: true }] };
    for (const r of [created, await scim("GET", `/Users/${id}`)]) {
      assert.equal(r.body.addresses, undefined, JSON.stringify(r.body.addresses));
      assert.equal(r.body.phoneNumbers, undefined, JSON.stringify(r.body.phoneNumbers));
      assert.deepEqual(r.body.emails, bare.emails);
      assert.equal(r.body[ENT], undefined);
    }

    const moved = await scim("PUT", `/Users/${id}`, { body: oneLoginUser("ann@onelogin.test", { city: "Berlin", phone: "+49 30 1234" }) });
    assert.deepEqual(moved.body.addresses, [{ locality: "Berlin" }]);
    assert.deepEqual(moved.body.phoneNumbers, [{ value: "+49 30 1234", type: "work" }]);
    const cleared = await scim("PUT", `/Users/${id}`, { body: oneLoginUser("ann@onelogin.test") });
    assert.equal(cleared.body.addresses, undefined);
    assert.equal(cleared.body.phoneNumbers, undefined);
    assert.notEqual(cleared.body.meta.version, moved.body.meta.version);
    // The same template again is no change.
    const again = await scim("PUT", `/Users/${id}`, { body: oneLoginUser("ann@onelogin.test") });
    assert.equal(again.body.meta.version, cleared.body.meta.version);

    // A PATCH that leaves a value with nothing but its labels removes it.
    await scim("PATCH", `/Users/${id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555" }] } });
    const unset = await scim("PATCH", `/Users/${id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "remove", path: 'phoneNumbers[type eq "mobile"].value' }] } });
    assert.equal(unset.status, 200);
    assert.equal(unset.body.phoneNumbers, undefined, JSON.stringify(unset.body.phoneNumbers));
    const row = await t.db.membership.findUniqueOrThrow({ where: { id } });
    assert.deepEqual(row.profileLists, bare);
  });
});

// OneLogin's developer guide ("Define your SCIM user schema") gives, as its "Enterprise User
// Schema" template, SCIM 1.1's shapes: `emails` as one object rather than a list, the 1.1 core and
// enterprise URNs, and the manager as `managerId`. An admin who pastes it had every create refused.
function oneLoginEnterpriseTemplate(email: string) {
  return {
    schemas: ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
    userName: email,
    name: { familyName: "Okafor", givenName: "Ngozi", formatted: "Ngozi Okafor" },
    emails: { value: email, type: "work", primary: true },
    title: "Engineer",
    "urn:scim:schemas:extension:enterprise:1.0": { department: "Platform", manager: { managerId: "ext-42", displayName: "Ada" } },
  };
}

describe("OneLogin's SCIM 1.1-shaped Enterprise template", () => {
  it("creates the person with the one address as their email list, and reads the 1.1 enterprise extension as 2.0's", async () => {
    const { token } = await teamWithToken(t.db, "onelogin-enterprise");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oneLoginEnterpriseTemplate("ngozi@onelogin.test") });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const emails = [{ value: "ngozi@onelogin.test", type: "work", primary: true }];
    const enterprise = { department: "Platform", manager: { value: "ext-42", displayName: "Ada" } };
    for (const r of [created, await scim("GET", `/Users/${created.body.id}`)]) {
      assert.deepEqual(r.body.emails, emails);
      assert.equal(r.body.title, "Engineer");
      assert.deepEqual(r.body[ENT], enterprise);
    }
    // Found by Okta's and Entra ID's lookups by address as any other member is.
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "ngozi@onelogin.test"')}`);
    assert.equal(found.body.totalResults, 1);

    // The same template sent again by PUT is no change; with another address, the address changes.
    const same = await scim("PUT", `/Users/${created.body.id}`, { body: oneLoginEnterpriseTemplate("ngozi@onelogin.test") });
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.equal(same.body.meta.version, created.body.meta.version);
    const moved = await scim("PUT", `/Users/${created.body.id}`, { body: { ...oneLoginEnterpriseTemplate("ngozi@onelogin.test"), emails: { value: "ngozi.okafor@onelogin.test", primary: true } } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.emails, [{ value: "ngozi.okafor@onelogin.test", primary: true }]);
    const row = await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id } });
    assert.equal(row.email, "ngozi.okafor@onelogin.test");
  });

  it("takes one object for any list attribute, by PATCH too, and still refuses a value that is neither", async () => {
    const { token } = await teamWithToken(t.db, "onelogin-single-values");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", {
      body: { schemas: [USER_SCHEMA], userName: "kim@onelogin.test", phoneNumbers: { value: "+1 555 0100", type: "work" }, addresses: { locality: "Lagos", type: "work" } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.phoneNumbers, [{ value: "+1 555 0100", type: "work" }]);
    assert.deepEqual(created.body.addresses, [{ locality: "Lagos", type: "work" }]);
    const patched = await scim("PATCH", `/Users/${created.body.id}`, {
      body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "emails", value: { value: "kim.lee@onelogin.test", type: "work", primary: true } }] },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.emails, [{ value: "kim.lee@onelogin.test", type: "work", primary: true }]);
    const added = await scim("PATCH", `/Users/${created.body.id}`, {
      body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "phoneNumbers", value: { value: "+1 555 0199", type: "mobile" } }] },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.deepEqual(added.body.phoneNumbers, [{ value: "+1 555 0100", type: "work" }, { value: "+1 555 0199", type: "mobile" }]);
    const before = await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id } });
    for (const emails of ["kim@onelogin.test", 42, true]) {
      const refused = await scim("PUT", `/Users/${created.body.id}`, { body: { schemas: [USER_SCHEMA], userName: "kim@onelogin.test", emails } });
      assert.equal(refused.status, 400, `${JSON.stringify(emails)}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.scimType, "invalidValue");
    }
    assert.deepEqual(await t.db.membership.findUniqueOrThrow({ where: { id: created.body.id } }), before);
  });
});
