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
