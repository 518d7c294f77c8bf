// One address written composed ("é", U+00E9) or decomposed ("e" + U+0301) is one address, and one
// userName. macOS and some directories hand out the decomposed form; before, the two were two
// members of one team and two accounts, and an IdP's lookup in one form missed the member stored in
// the other, so it created a second one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { GROUP_SCHEMA, oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const composed = "Jos\u00E9.Zo\u00EB@acme.test";
const decomposed = composed.normalize("NFD");
const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe("userName and email under Unicode normalization", () => {
  it("one team: the other form is the same userName, found by lookup and refused as a duplicate", async () => {
    assert.notEqual(composed, decomposed);
    const { token } = await teamWithToken(t.db, "nfc-one");
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oktaUser(decomposed) });
    assert.equal(created.status, 201);
    assert.equal(created.body.userName, decomposed, "returned as sent");

    for (const filter of [`userName eq "${composed}"`, `userName eq "${composed.toUpperCase()}"`, `emails[type eq "work"].value eq "${composed}"`, `email eq "${composed}"`, `userName sw "${composed.slice(0, 4)}"`]) {
      const found = await scim("GET", q(filter));
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.Resources.map((r: { id: string }) => r.id), [created.body.id], filter);
    }
    const again = await scim("POST", "/Users", { body: oktaUser(composed) });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.scimType, "uniqueness");
    const other = await scim("POST", "/Users", { body: oktaUser("x@acme.test") });
    const renamed = await scim("PUT", `/Users/${other.body.id}`, { body: oktaUser(composed) });
    assert.equal(renamed.status, 409, "a rename onto the other form is the same duplicate");
    assert.equal(await t.db.membership.count({ where: { userName: { in: [composed, decomposed] } } }), 1);
  });

  it("two teams: the other form is the same person", async () => {
    const a = await teamWithToken(t.db, "nfc-a");
    const b = await teamWithToken(t.db, "nfc-b");
    const inA = await scimClient(t.db, a.token)("POST", "/Users", { body: oktaUser(`b.${composed}`) });
    const inB = await scimClient(t.db, b.token)("POST", "/Users", { body: oktaUser(`b.${decomposed}`) });
    assert.equal(inA.status, 201);
    assert.equal(inB.status, 201);
    const rows = await t.db.membership.findMany({ where: { id: { in: [inA.body.id, inB.body.id] } } });
    assert.equal(new Set(rows.map((r) => r.userId)).size, 1, "one account, not one per spelling");
  });

  it("group names too: the other form of a team's group name is the same group, found and refused as a duplicate", async () => {
    const { token } = await teamWithToken(t.db, "nfc-groups");
    const scim = scimClient(t.db, token);
    const name = "Caf\u00E9 Staff";
    const created = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: name.normalize("NFD") } });
    assert.equal(created.status, 201);
    for (const filter of [`displayName eq "${name}"`, `displayName sw "CAF\u00C9"`]) {
      const found = await scim("GET", `/Groups?filter=${encodeURIComponent(filter)}`);
      assert.deepEqual(found.body.Resources.map((r: { id: string }) => r.id), [created.body.id], filter);
    }
    const again = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: name } });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.scimType, "uniqueness");
  });
});
