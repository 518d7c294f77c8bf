// Hostile SCIM input: never a 500, always a SCIM error body, nothing changed. Each case here was a
// 500, an HTML/empty answer or a stored value before the limits in lib/scim/limits.ts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { domainSnapshot } from "../testing/db-snapshot";
import { GROUP_SCHEMA, oktaUser, PATCH_SCHEMA, ROLE_EXT, scimClient, teamWithToken, type ScimResponse } from "../testing/scim-harness";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function setup(slug: string) {
  const { team, token } = await teamWithToken(t.db, slug);
  const scim = scimClient(t.db, token);
  const user = await scim("POST", "/Users", { body: oktaUser(`jane@${slug}.test`) });
  assert.equal(user.status, 201);
  const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Eng", members: [{ value: user.body.id }] } });
  assert.equal(group.status, 201);
  return { team, scim, userId: user.body.id as string, groupId: group.body.id as string };
}

function assertScimError(res: ScimResponse, status: number, scimType?: string, label = "") {
  assert.equal(res.status, status, `${label}: ${JSON.stringify(res.body)}`);
  assert.deepEqual(res.body?.schemas, [ERROR_SCHEMA], label);
  assert.equal(res.body.status, String(status), label);
  if (scimType) assert.equal(res.body.scimType, scimType, label);
}

/** Runs `requests`, each refused with `status` (and scimType), and checks the database did not change. */
async function refusedUnchanged(requests: [string, Promise<ScimResponse>][], status: number, scimType?: string) {
  const before = await domainSnapshot(t.db);
  for (const [label, pending] of requests) assertScimError(await pending, status, scimType, label);
  assert.equal(await domainSnapshot(t.db), before);
}

const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;
const patch = (Operations: unknown[]) => ({ body: { schemas: [PATCH_SCHEMA], Operations } });

describe("U+0000 anywhere is a 400, never PostgreSQL's 22021", () => {
  it("in a filter (raw or escaped), an id, an attribute value, a PATCH path", async () => {
    const { scim, userId, groupId } = await setup("nul");
    await refusedUnchanged(
      [
        ["raw filter", scim("GET", `/Users${q('userName eq "a\u0000b"')}`)],
        ["escaped filter", scim("GET", `/Users${q('userName eq "a\\u0000b"')}`)],
        ["group filter", scim("GET", `/Groups${q('displayName eq "\u0000"')}`)],
      ],
      400,
      "invalidFilter",
    );
    await refusedUnchanged(
      [
        ["GET id", scim("GET", "/Users/%00")],
        ["DELETE id", scim("DELETE", "/Groups/a%00b")],
        ["POST userName", scim("POST", "/Users", { body: oktaUser("a\u0000b@nul.test") })],
        ["POST externalId", scim("POST", "/Users", { body: oktaUser("x@nul.test", { externalId: "\u0000" }) })],
        ["PUT name", scim("PUT", `/Users/${userId}`, { body: oktaUser("jane@nul.test", { name: { givenName: "J\u0000" } }) })],
        ["PATCH value", scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", path: "displayName", value: "\u0000" }]))],
        ["PATCH path", scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", path: "displayName\u0000", value: "x" }]))],
        ["group member", scim("PATCH", `/Groups/${groupId}`, patch([{ op: "add", path: "members", value: [{ value: "\u0000" }] }]))],
        ["group name", scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "G\u0000" } })],
      ],
      400,
      "invalidValue",
    );
  });
});

describe("every attribute has a length limit, checked before any regex or query", () => {
  it("2,800-character userName, externalId, email and group displayName → 400 invalidValue", async () => {
    const { scim, userId, groupId } = await setup("long");
    const long = "x".repeat(2_800);
    await refusedUnchanged(
      [
        ["userName", scim("POST", "/Users", { body: oktaUser(`${long}@long.test`) })],
        ["externalId", scim("POST", "/Users", { body: oktaUser("a@long.test", { externalId: long }) })],
        ["email", scim("POST", "/Users", { body: oktaUser("b@long.test", { emails: [{ value: `${long}@long.test`, primary: true }] }) })],
        ["group displayName", scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: long } })],
        ["PUT group", scim("PUT", `/Groups/${groupId}`, { body: { schemas: [GROUP_SCHEMA], displayName: long } })],
        ["PATCH userName", scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", path: "userName", value: long }]))],
        ["PATCH path-less", scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", value: { externalId: long } }]))],
      ],
      400,
      "invalidValue",
    );
  });

  it("an 80,000-character email and 300,000-character names are refused, not stored", async () => {
    const { scim, userId } = await setup("huge");
    await refusedUnchanged(
      [
        ["80k email", scim("POST", "/Users", { body: oktaUser("c@huge.test", { emails: [{ value: `a@${"a.".repeat(40_000)}` }] }) })],
        ["300k name", scim("PUT", `/Users/${userId}`, { body: oktaUser("jane@huge.test", { name: { givenName: "n".repeat(300_000) } }) })],
        ["enterprise", scim("PATCH", `/Users/${userId}`, patch([{ op: "add", value: { [`${ENTERPRISE}:department`]: "d".repeat(300_000) } }]))],
      ],
      400,
      "invalidValue",
    );
  });

  it("still accepts values at their limit (256 for names, 320 for emails)", async () => {
    const { scim } = await setup("edge");
    const email = `${"e".repeat(320 - "@edge.test".length)}@edge.test`;
    const res = await scim("POST", "/Users", { body: oktaUser(email, { externalId: "x".repeat(256), name: { givenName: "g".repeat(256) }, displayName: "d".repeat(256), emails: [{ value: email, primary: true }] }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.userName, email);
  });
});

describe("text PostgreSQL cannot store is refused, not a 500", () => {
  // Found by scim-fuzz: an unpaired surrogate reached the emails json column and PostgreSQL refused it.
  it("an unpaired surrogate or U+0000 in a PATCH value, a POST and a PUT → 400 invalidValue", async () => {
    const { scim, userId, groupId } = await setup("lone");
    await refusedUnchanged(
      [
        ["PATCH email filter path", scim("PATCH", `/Users/${userId}`, patch([{ op: "add", path: 'emails[type eq "work"].value', value: "\ud800" }]))],
        ["PATCH path-less", scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", value: { displayName: "a\udfff" } }]))],
        ["POST", scim("POST", "/Users", { body: oktaUser("lone@lone.test", { name: { givenName: "\ud83d" } }) })],
        ["PUT group", scim("PUT", `/Groups/${groupId}`, { body: { schemas: [GROUP_SCHEMA], displayName: "Eng\u0000" } })],
      ],
      400,
      "invalidValue",
    );
  });

  // Found by a review: escaped in a filter's string ("\ud800"), it decoded past the raw-text check
  // and PostgreSQL refused the json it was compared in (a 500).
  it("an escaped unpaired surrogate in a filter or a PATCH path's filter → 400", async () => {
    const { scim, userId } = await setup("lone-escaped");
    const filter = (f: string) => scim("GET", `/Users?filter=${encodeURIComponent(f)}`);
    await refusedUnchanged(
      [
        ["emails.type", filter('emails.type eq "\\ud800"')],
        ["value path", filter('emails[type eq "\\ud800"]')],
        ["value path and sub-attribute", filter('emails[type eq "\\ud800"].value eq "x"')],
        ["groups", scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "\\udc00"')}`)],
      ],
      400,
      "invalidFilter",
    );
    await refusedUnchanged(
      [
        ["PATCH phone path", scim("PATCH", `/Users/${userId}`, patch([{ op: "add", path: 'phoneNumbers[type eq "\\ud800"].value', value: "1" }]))],
        ["PATCH email path", scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", path: 'emails[type eq "\\ud800"].value', value: "a@b.test" }]))],
      ],
      400,
    );
  });
});

describe("nesting is bounded before anything recursive reads the body", () => {
  it("a PATCH value nested 10,000 levels, and a POST body as deep, are 400", async () => {
    const { scim, userId, groupId } = await setup("deep");
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const deepObject = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    await refusedUnchanged(
      [
        ["PATCH user", scim("PATCH", `/Users/${userId}`, { rawBody: `{"schemas":["${PATCH_SCHEMA}"],"Operations":[{"op":"replace","path":"displayName","value":${deep}}]}` })],
        ["PATCH path-less", scim("PATCH", `/Users/${userId}`, { rawBody: `{"Operations":[{"op":"add","value":${deepObject}}]}` })],
        ["PATCH group", scim("PATCH", `/Groups/${groupId}`, { rawBody: `{"Operations":[{"op":"add","path":"members","value":${deep}}]}` })],
        ["POST user", scim("POST", "/Users", { rawBody: `{"userName":"d@deep.test","name":${deepObject}}` })],
      ],
      400,
      "invalidValue",
    );
  });
});

describe("filters", () => {
  it('meta.created gt "0000-01-01T00:00:00Z" and other out-of-range dates → 400 invalidFilter', async () => {
    const { scim } = await setup("dates");
    await refusedUnchanged(
      [
        ["year 0", scim("GET", `/Users${q('meta.created gt "0000-01-01T00:00:00Z"')}`)],
        ["past 9999", scim("GET", `/Users${q('meta.lastModified lt "9999-12-31T23:59:59-14:00"')}`)],
        ["group year 0", scim("GET", `/Groups${q('meta.created ge "0000-12-31T23:59:59Z"')}`)],
      ],
      400,
      "invalidFilter",
    );
    const ok = await scim("GET", `/Users${q('meta.created gt "0001-01-01T00:00:00Z"')}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.totalResults, 1);
  });
});

describe("every SCIM path answers in the SCIM format", () => {
  it("unsupported methods on the discovery endpoints → SCIM 405 with Allow", async () => {
    const { scim } = await setup("methods");
    for (const [method, path] of [
      ["POST", "/ServiceProviderConfig"],
      ["DELETE", "/Schemas"],
      ["PUT", "/ResourceTypes"],
      ["PATCH", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"],
      ["POST", "/ResourceTypes/User"],
    ]) {
      const res = await scim(method!, path!);
      assertScimError(res, 405, undefined, `${method} ${path}`);
      assert.equal(res.headers.get("allow"), "GET");
    }
  });

  it("TRACE and WebDAV methods → SCIM 405 with Allow on every endpoint", async () => {
    const { scim, userId } = await setup("webdav");
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK"]) {
      const coll = await scim(method, "/Users");
      assertScimError(coll, 405, undefined, method);
      assert.equal(coll.headers.get("allow"), "GET, POST");
      const one = await scim(method, `/Users/${userId}`);
      assertScimError(one, 405, undefined, method);
      assert.equal(one.headers.get("allow"), "GET, PUT, PATCH, DELETE");
    }
  });

  it("GET /Schemas/%25 is a SCIM 404 (no double decoding); the bare base URL a SCIM 404", async () => {
    const { scim } = await setup("decode");
    assertScimError(await scim("GET", "/Schemas/%25"), 404);
    assertScimError(await scim("GET", "/Schemas/%2525"), 404);
    assertScimError(await scim("GET", ""), 404);
    assertScimError(await scim("POST", "", { body: {} }), 404);
    assertScimError(await scim("GET", "/Users/%E0%A4%A"), 400);
  });

  it("ids that are not UUIDs are 404 without a query", async () => {
    const { scim } = await setup("ids");
    for (const id of ["abc", "%25", "1%20or%201=1", "x".repeat(200)]) {
      assertScimError(await scim("GET", `/Users/${id}`), 404, undefined, id);
      assertScimError(await scim("PATCH", `/Groups/${id}`, patch([{ op: "replace", path: "displayName", value: "x" }])), 404, undefined, id);
    }
  });
});

describe("prototype keys are never read as attributes", () => {
  it('{"__proto__": {…}}, constructor and prototype keys → 400, nothing stored', async () => {
    const { scim, userId, groupId } = await setup("proto");
    await refusedUnchanged(
      [
        ["POST __proto__", scim("POST", "/Users", { rawBody: '{"userName":"p@proto.test","__proto__":{"displayName":"evil","active":false}}' })],
        ["PUT __proto__", scim("PUT", `/Users/${userId}`, { rawBody: '{"userName":"jane@proto.test","__proto__":{"externalId":"evil"}}' })],
        ["PATCH __proto__", scim("PATCH", `/Users/${userId}`, { rawBody: '{"Operations":[{"op":"replace","value":{"__proto__":{"displayName":"evil"}}}]}' })],
        ["PATCH name.__proto__", scim("PATCH", `/Users/${userId}`, { rawBody: '{"Operations":[{"op":"replace","path":"name","value":{"__proto__":{"givenName":"evil"}}}]}' })],
        ["group __proto__", scim("POST", "/Groups", { rawBody: '{"__proto__":{"displayName":"evil"}}' })],
        ["group constructor", scim("PUT", `/Groups/${groupId}`, { rawBody: '{"displayName":"Eng","constructor":{"prototype":{"x":1}}}' })],
      ],
      400,
      "invalidValue",
    );
  });
});

describe("prototype names are never looked up as values", () => {
  it('role "constructor" or "__proto__" is an unknown role (400), not a 500', async () => {
    const { scim, userId } = await setup("role-proto");
    await refusedUnchanged(
      ["constructor", "__proto__", "hasOwnProperty"].flatMap((role): [string, Promise<ScimResponse>][] => [
        [`POST ${role}`, scim("POST", "/Users", { body: oktaUser(`${role}@role-proto.test`, { [ROLE_EXT]: { role } }) })],
        [`roles ${role}`, scim("POST", "/Users", { body: oktaUser(`r${role}@role-proto.test`, { roles: [{ value: role, primary: true }] }) })],
        [`PATCH ${role}`, scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", path: `${ROLE_EXT}:role`, value: role }]))],
      ]),
      400,
      "invalidValue",
    );
  });
});

describe("the domain snapshot these tests compare", () => {
  it("changes when a request changes a row, so an unchanged one means nothing was written", async () => {
    const { scim, userId } = await setup("snapshot");
    const before = await domainSnapshot(t.db);
    const res = await scim("PATCH", `/Users/${userId}`, patch([{ op: "replace", path: "displayName", value: "Changed" }]));
    assert.equal(res.status, 200);
    assert.notEqual(await domainSnapshot(t.db), before);
  });
});
