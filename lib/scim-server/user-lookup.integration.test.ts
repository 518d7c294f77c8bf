// The lookup by userName has a statement of its own (user-lookup.ts); every other filter goes
// through the general listing. The general listing is the oracle: for any userName asked for, in
// any case and padding, the lookup must answer exactly what the same filter answers there.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { oktaUser, scimClient, teamWithToken, USER_SCHEMA } from "../testing/scim-harness";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

let t: TestDatabase;
let scim: ReturnType<typeof scimClient>;
let otherScim: ReturnType<typeof scimClient>;
const userNames: string[] = [];

before(async () => {
  t = await createTestDatabase();
  const a = await teamWithToken(t.db, "lookup-a");
  const b = await teamWithToken(t.db, "lookup-b");
  scim = scimClient(t.db, a.token);
  otherScim = scimClient(t.db, b.token);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const userName = `Person.${i}@Lookup.test`;
    userNames.push(userName);
    const res = await scim("POST", "/Users", {
      body: {
        ...oktaUser(userName, { name: { givenName: `Given${i}`, familyName: `Family${i}` }, title: i % 2 ? "Engineer" : undefined }),
        schemas: [USER_SCHEMA, ENTERPRISE],
        externalId: `ext-${i}`,
        [ENTERPRISE]: { department: `Dept ${i}`, manager: { value: "boss" } },
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  // Groups listed on the member, in group id order whatever order they were pushed in.
  for (const name of ["Zeta", "Alpha", "Mid"]) {
    const res = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: name, members: [{ value: ids[0] }, { value: ids[2] }] } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  assert.equal((await scim("PATCH", `/Users/${ids[3]}`, { body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] } })).status, 200);
  // The same userNames in another team, with another profile: never part of team A's answers.
  for (const userName of userNames.slice(0, 3)) {
    const res = await otherScim("POST", "/Users", { body: { ...oktaUser(userName.toLowerCase(), { name: { givenName: "Other", familyName: "Team" } }), externalId: "other" } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});

after(() => t.close());

const lookup = (client: typeof scim, filter: string, query = "") => client("GET", `/Users?filter=${encodeURIComponent(filter)}${query}`);

describe("GET /Users?filter=userName eq …", () => {
  it("answers what the general listing answers for the same filter, for any userName in any case and padding", async () => {
    const asked = fc.oneof(
      fc.record({ i: fc.nat({ max: 5 }), upper: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), pad: fc.constantFrom("", " ", "  ", "\t") }).map(({ i, upper, pad }) =>
        pad + [...userNames[i]!].map((c, k) => (upper[k] ? c.toUpperCase() : c.toLowerCase())).join("") + pad,
      ),
      fc.string({ maxLength: 20 }),
    );
    const query = fc.constantFrom("", "&startIndex=1&count=100", "&count=1", "&attributes=userName,emails");
    await fc.assert(
      fc.asyncProperty(asked, query, async (userName, q) => {
        const literal = JSON.stringify(userName);
        const fast = await lookup(scim, `userName eq ${literal}`, q);
        // Same meaning, but not the lone `userName eq` the lookup serves: the general listing.
        const general = await lookup(scim, `userName eq ${literal} and userName pr`, q);
        assert.equal(fast.status, 200, JSON.stringify(fast.body));
        assert.deepEqual(fast.body, general.body);
      }),
      { numRuns: 150, seed: SEED, endOnFailure: true },
    );
  });

  it("finds the member with its profile and groups, as GET /Users/{id} shows it, and nothing of another team", async () => {
    const res = await lookup(scim, `userName eq "${userNames[0]!.toUpperCase()}"`);
    assert.equal(res.body.totalResults, 1);
    const [found] = res.body.Resources;
    assert.deepEqual(found, (await scim("GET", `/Users/${found.id}`)).body);
    assert.deepEqual(found.groups.map((g: { display: string }) => g.display).sort(), ["Alpha", "Mid", "Zeta"]);
    assert.equal(found[ENTERPRISE].department, "Dept 0");

    const other = await lookup(otherScim, `userName eq "${userNames[0]}"`);
    assert.equal(other.body.totalResults, 1);
    assert.notEqual(other.body.Resources[0].id, found.id);
    assert.equal(other.body.Resources[0].externalId, "other");
    assert.deepEqual(other.body.Resources[0].groups, []);
  });

  it("shows a deactivated member with active false", async () => {
    const res = await lookup(scim, `userName eq "${userNames[3]}"`);
    assert.equal(res.body.Resources[0].active, false);
  });
});

describe("GET /Users?filter=<a lookup by address>", () => {
  let a: ReturnType<typeof scimClient>;
  before(async () => {
    a = scimClient(t.db, (await teamWithToken(t.db, "address-a")).token);
    const b = scimClient(t.db, (await teamWithToken(t.db, "address-b")).token);
    const people: [string, unknown][] = [
      ["ada@x.test", [{ value: "Ada@Mail.test", type: "work", primary: true }, { value: "shared@mail.test", type: "home" }]],
      ["bob@x.test", [{ value: "bob@mail.test", type: "Work", primary: true }, { value: "shared@mail.test", type: "work" }]],
      ["cy@x.test", undefined],
      ["dee@x.test", [{ value: "DEE@mail.test", primary: true }]],
      ["eve@x.test", [{ value: "eve@mail.test", type: "work", primary: false }, { value: "eve2@mail.test", type: "work", primary: true }]],
      ["fay@x.test", [{ value: "shared@mail.test", type: "work", primary: true }]],
    ];
    for (const [userName, emails] of people) {
      const res = await a("POST", "/Users", { body: { ...oktaUser(userName), emails } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      // The same addresses in another team: never part of team A's answers.
      assert.equal((await b("POST", "/Users", { body: { ...oktaUser(userName), emails } })).status, 201);
    }
    const fay = await lookup(a, 'userName eq "fay@x.test"');
    const off = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] };
    assert.equal((await a("PATCH", `/Users/${fay.body.Resources[0].id}`, { body: off })).status, 200);
  });

  it("answers what the general listing answers for the same filter, for any address, type and page", async () => {
    const stored = ["Ada@Mail.test", "shared@mail.test", "bob@mail.test", "cy@x.test", "DEE@mail.test", "eve@mail.test", "eve2@mail.test", "nobody@mail.test"];
    const recased = (s: string, upper: boolean[]) => [...s].map((c, k) => (upper[k] ? c.toUpperCase() : c.toLowerCase())).join("");
    const address = fc.oneof(
      fc.constantFrom(...stored),
      fc.record({ i: fc.nat({ max: stored.length - 1 }), upper: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }) }).map(({ i, upper }) => recased(stored[i]!, upper)),
      fc.string({ maxLength: 12 }),
    );
    const type = fc.constantFrom("work", "Work", "WORK", "home", "other");
    const q = (v: string) => JSON.stringify(v);
    const filter = fc.oneof(
      fc.tuple(address, type).map(([v, t]) => `emails[type eq ${q(t)}].value eq ${q(v)}`),
      fc.tuple(address, type).map(([v, t]) => `emails[value eq ${q(v)} and type eq ${q(t)}]`),
      fc.tuple(address, type, fc.boolean()).map(([v, t, p]) => `emails[type eq ${q(t)} and value eq ${q(v)} and primary eq ${p}]`),
      fc.tuple(address, fc.boolean()).map(([v, p]) => `emails[value eq ${q(v)} and primary eq ${p}]`),
      address.map((v) => `emails[value eq ${q(v)}]`),
      address.map((v) => `emails.value eq ${q(v)}`),
      address.map((v) => `emails eq ${q(v)}`),
      address.map((v) => `email eq ${q(v)}`),
      address.map((v) => `urn:ietf:params:scim:schemas:core:2.0:User:emails.value eq ${q(v)}`),
    );
    const query = fc.constantFrom("", "&count=1", "&count=2", "&startIndex=1&count=100", "&attributes=userName,emails");
    await fc.assert(
      fc.asyncProperty(filter, query, async (f, extra) => {
        const fast = await lookup(a, f, extra);
        // Same meaning, but not a lookup alone: the general listing answers it.
        const general = await lookup(a, `${f} and userName pr`, extra);
        assert.equal(fast.status, general.status, JSON.stringify(fast.body));
        assert.deepEqual(fast.body, general.body);
      }),
      { numRuns: 200, seed: SEED, endOnFailure: true },
    );
  });

  it("finds every member with the address, in creation order, and pages past a full page", async () => {
    // Kept in lower case, a second address is found in any case (the lookup's lower-cased spelling).
    const all = await lookup(a, 'emails eq "SHARED@mail.test"');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.Resources.map((u: { userName: string }) => u.userName), ["ada@x.test", "bob@x.test", "fay@x.test"]);
    const first = await lookup(a, 'emails eq "shared@mail.test"', "&count=2");
    assert.equal(first.body.totalResults, 3);
    assert.deepEqual(first.body.Resources.map((u: { userName: string }) => u.userName), ["ada@x.test", "bob@x.test"]);
    const second = await lookup(a, 'emails eq "shared@mail.test"', "&startIndex=3&count=2");
    assert.deepEqual(second.body.Resources.map((u: { userName: string }) => u.userName), ["fay@x.test"]);
    assert.equal(second.body.Resources[0].active, false);
  });
});
