// Property-based fuzzing of the whole SCIM API: generated hostile requests (every endpoint, every
// method, hostile paths, queries, headers and bodies) through the real route handlers on a real
// database. For every request: no 5xx; every 4xx is a SCIM error body; a refused request changes
// no row (domain snapshot before == after). Prints the counts. FUZZ_RUNS and FUZZ_SEED override
// the defaults (FUZZ_SEED replays a failing run fast-check reported).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { domainSnapshot } from "../testing/db-snapshot";
import { GROUP_SCHEMA, PATCH_SCHEMA, ROLE_EXT, USER_SCHEMA, oktaUser, scimClient, type ScimCallOptions, type ScimResponse } from "../testing/scim-harness";
import { createScimToken } from "../scim-tokens/create-token";
import { systemActor } from "../audit/actor";

// 5,000 by default: ~15 s per engine in every CI run. Longer runs are for hunting: 30 runs of
// 10,000 with new seeds passed after the last bug it found (unpaired surrogates) was fixed.
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

// ---- hostile building blocks -------------------------------------------------------------------

const NASTY = [
  "\u0000", "a\u0000b", "%00", "%", "%25", "%2525", "%E0%A4%A", "\\", '"', "'", "\\u0000", "'; DROP TABLE \"Membership\";--",
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "owner", "admin", "member", "Owner ",
  "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "-271821-04-20T00:00:00Z", "2026-13-45", "\ud800", "\udfff", "𝒜𝒷", "é",
  "NaN", "Infinity", "-1", "0", "1e309", "9007199254740993", "", " ", "\t\n", "True", "False", "null", "[", "]", "(", ")",
  "urn:ietf:params:scim:schemas:core:2.0:User", "urn:", "urn:" + "a:".repeat(300), "[".repeat(500), "a@" + "a.".repeat(300),
];
const LENGTHS = [255, 256, 257, 319, 320, 321, 1023, 1024, 1025, 2_800, 80_000];

const nastyString = fc.constantFrom(...NASTY);
const longString = fc.tuple(fc.constantFrom(...LENGTHS), fc.constantFrom("x", "é", "𝒜", "a.", "\u0000", "[")).map(([n, c]) => c.repeat(Math.ceil(n / c.length)).slice(0, n));
const emailLike = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom("@fuzz.test", "@", "@a", "@.", "@fuzz.test.", "")).map(([a, b]) => a + b);
const hostileString = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
  { weight: 1, arbitrary: longString },
  { weight: 2, arbitrary: emailLike },
);

const ATTRIBUTE_NAMES = [
  "userName", "UserName", "externalId", "displayName", "name", "name.givenName", "name.familyName", "name.formatted", "name.middleName",
  "emails", "emails.value", 'emails[type eq "work"].value', "emails[primary eq true]", "active", "roles", "roles.value", "groups",
  "members", 'members[value eq "x"]', "title", "nickName", "locale", "timezone", "phoneNumbers", "addresses", "password", "id", "meta",
  "meta.created", "meta.lastModified", "schemas", `${ROLE_EXT}:role`, ROLE_EXT, `${ENTERPRISE}:department`, `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:manager.value`, ENTERPRISE, "__proto__", "constructor", "prototype", "bogus", "a.b.c", "",
];
const attributeName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ATTRIBUTE_NAMES) }, { weight: 1, arbitrary: hostileString });

const scalar = fc.oneof(
  hostileString,
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.constant(null),
);
const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(attributeName, tie("value"), { maxKeys: 4 }) },
  ),
}));

// ---- bodies ------------------------------------------------------------------------------------

/**
 * A valid body with a few attributes replaced by hostile values: most of a request passes the
 * early checks, so the hostile part reaches the mappers, PATCH and the database.
 */
function mutated<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, keys: string[]): fc.Arbitrary<Record<string, unknown>> {
  const field = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: attributeName });
  return fc.tuple(valid, fc.dictionary(field, fc.oneof(hostileString, nastyString, hostileValue), { minKeys: 1, maxKeys: 2 })).map(([v, m]) => ({ ...v, ...m }));
}

const validUser = fc.tuple(fc.nat({ max: 1_000_000 }), fc.constantFrom("member", "admin", "owner", "constructor", "__proto__", "toString", "Admin ")).map(([n, role]) =>
  oktaUser(`fuzz${n}@fuzz.test`, { [ROLE_EXT]: { role }, [ENTERPRISE]: { department: "R&D", manager: { value: "m1" } } }),
);
const mutatedUser = mutated(validUser, ["userName", "externalId", "displayName", "name", "emails", "active", "roles", ROLE_EXT, ENTERPRISE, `${ROLE_EXT}:role`]);

const hostileUser = fc
  .record(
    {
      schemas: fc.oneof(fc.constant([USER_SCHEMA]), hostileValue),
      userName: fc.oneof(emailLike, hostileString, scalar),
      externalId: hostileValue,
      displayName: hostileValue,
      name: fc.oneof(fc.record({ givenName: hostileValue, familyName: hostileValue, formatted: hostileValue }, { requiredKeys: [] }), hostileValue),
      emails: fc.oneof(fc.array(fc.record({ value: fc.oneof(emailLike, hostileString), primary: hostileValue, type: hostileValue }, { requiredKeys: [] }), { maxLength: 3 }), hostileValue),
      active: fc.oneof(fc.boolean(), fc.constantFrom("True", "False", "maybe", 1, null), hostileValue),
      roles: fc.oneof(fc.array(fc.record({ value: hostileString, primary: hostileValue }, { requiredKeys: [] }), { maxLength: 2 }), hostileValue),
      [ROLE_EXT]: fc.oneof(fc.record({ role: fc.oneof(nastyString, hostileValue) }), hostileValue),
      [ENTERPRISE]: fc.oneof(fc.record({ department: hostileValue, manager: fc.oneof(fc.record({ value: hostileValue, displayName: hostileValue }), hostileValue) }, { requiredKeys: [] }), hostileValue),
    },
    { requiredKeys: [] },
  )
  .chain((body) => fc.dictionary(attributeName, hostileValue, { maxKeys: 2 }).map((extra) => ({ ...body, ...extra })));

const groupBody = (memberIds: fc.Arbitrary<string>) =>
  fc.oneof(
    mutated(
      fc.tuple(fc.nat({ max: 1_000_000 }), fc.array(memberIds, { maxLength: 3 })).map(([n, ids]) => ({ schemas: [GROUP_SCHEMA], displayName: `fuzz group ${n}`, members: ids.map((value) => ({ value })) })),
      ["displayName", "externalId", "members"],
    ),
    hostileGroup(memberIds),
  );
const hostileGroup = (memberIds: fc.Arbitrary<string>) =>
  fc.record(
    {
      schemas: fc.oneof(fc.constant([GROUP_SCHEMA]), hostileValue),
      displayName: fc.oneof(hostileString, hostileValue),
      externalId: hostileValue,
      members: fc.oneof(fc.array(fc.record({ value: fc.oneof(memberIds, hostileString, hostileValue) }, { requiredKeys: [] }), { maxLength: 3 }), hostileValue),
    },
    { requiredKeys: [] },
  );

const patchPath = fc.oneof(
  { weight: 3, arbitrary: attributeName },
  { weight: 1, arbitrary: hostileString.map((s) => `members[value eq ${JSON.stringify(s)}]`) },
  { weight: 1, arbitrary: hostileString.map((s) => `emails[value co ${JSON.stringify(s)}].value`) },
);
const operation = (memberIds: fc.Arbitrary<string>) =>
  fc.record(
    {
      op: fc.oneof(fc.constantFrom("add", "replace", "remove", "Add", "Replace", "Remove"), hostileValue),
      path: fc.oneof({ weight: 3, arbitrary: patchPath }, { weight: 1, arbitrary: hostileValue }),
      value: fc.oneof(hostileValue, fc.array(fc.record({ value: memberIds }), { maxLength: 2 }), fc.dictionary(attributeName, hostileValue, { maxKeys: 3 })),
    },
    { requiredKeys: ["op"] },
  );
const validOperation = (memberIds: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.tuple(fc.constantFrom("add", "replace", "Replace"), fc.constantFrom("displayName", "externalId", "name.givenName", "title", "active", `${ROLE_EXT}:role`, `${ENTERPRISE}:department`), fc.oneof(hostileString, nastyString)).map(([op, path, value]) => ({ op, path, value })),
    fc.tuple(fc.constantFrom("add", "remove", "replace"), memberIds).map(([op, value]) => ({ op, path: "members", value: [{ value }] })),
    fc.tuple(fc.constantFrom("add", "remove"), fc.oneof(memberIds, hostileString)).map(([op, v]) => ({ op, path: `members[value eq ${JSON.stringify(v)}]` })),
    fc.tuple(fc.constantFrom("replace", "add"), fc.dictionary(attributeName, fc.oneof(hostileString, nastyString), { minKeys: 1, maxKeys: 3 })).map(([op, value]) => ({ op, value })),
    fc.tuple(fc.constantFrom("replace", "add"), fc.oneof(hostileString, nastyString)).map(([op, v]) => ({ op, path: 'emails[type eq "work"].value', value: v })),
    fc.constantFrom({ op: "replace", path: "active", value: "False" }, { op: "replace", path: "active", value: "True" }, { op: "remove", path: "externalId" }, { op: "replace", path: `${ROLE_EXT}:role`, value: "constructor" }),
  );
const patchBody = (memberIds: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(validOperation(memberIds), { minLength: 1, maxLength: 3 }).map((Operations) => ({ schemas: [PATCH_SCHEMA], Operations })) },
    { weight: 1, arbitrary: hostilePatch(memberIds) },
  );
const hostilePatch = (memberIds: fc.Arbitrary<string>) =>
  fc.record({ schemas: fc.oneof(fc.constant([PATCH_SCHEMA]), hostileValue), Operations: fc.oneof(fc.array(operation(memberIds), { maxLength: 3 }), hostileValue) }, { requiredKeys: [] });

/** Bodies that are not JSON objects, or are objects only a hostile client would send. */
const rawBody = fc.oneof(
  fc.constantFrom(
    "", "{", "[]", "null", "1", '"x"', "\u0000", '{"a":1}garbage',
    `{"Operations":[{"op":"add","value":${"[".repeat(10_000)}${"]".repeat(10_000)}}]}`,
    `{"userName":"d@fuzz.test","name":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`,
    '{"userName":"p@fuzz.test","__proto__":{"displayName":"evil","active":false}}',
    '{"Operations":[{"op":"replace","value":{"__proto__":{"displayName":"evil"}}}]}',
    '{"displayName":"g","constructor":{"prototype":{"x":1}}}',
    `{"userName":"${"x".repeat(1_100_000)}"}`,
  ),
  fc.string({ maxLength: 60, unit: "binary" }),
);

/** Percent-encodes any string; lone surrogates (which encodeURIComponent refuses) become U+FFFD. */
const encode = (s: string) => encodeURIComponent(s.toWellFormed());

// ---- requests ----------------------------------------------------------------------------------

type Pool = { users: string[]; groups: string[] };
type FuzzRequest = { method: string; path: string; options: ScimCallOptions };

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH"];

const segment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom("%00", "%", "%25", "%2525", "%E0%A4%A", "..", "abc", "00000000-0000-0000-0000-000000000000", "User", "Group", "urn:ietf:params:scim:schemas:core:2.0:User", "%2e%2e%2f") },
  { weight: 2, arbitrary: hostileString.filter((s) => s.length < 3_000).map(encode) },
);

function requestArb(pool: Pool): fc.Arbitrary<FuzzRequest> {
  // Read from the pool when generated: it follows replacements made by restore().
  const pick = (list: string[]) => fc.nat({ max: list.length - 1 }).map((i) => list[i]!);
  const userId = fc.oneof({ weight: 3, arbitrary: pick(pool.users) }, { weight: 1, arbitrary: segment });
  const groupId = fc.oneof({ weight: 3, arbitrary: pick(pool.groups) }, { weight: 1, arbitrary: segment });
  const memberId = pick(pool.users);
  const path = fc.oneof(
    { weight: 4, arbitrary: fc.constant("/Users") },
    { weight: 4, arbitrary: userId.map((id) => `/Users/${id}`) },
    { weight: 3, arbitrary: fc.constant("/Groups") },
    { weight: 3, arbitrary: groupId.map((id) => `/Groups/${id}`) },
    { weight: 1, arbitrary: fc.constantFrom("/ServiceProviderConfig", "/Schemas", "/ResourceTypes", "", "/Bulk", "/Me", "/nope/x", "/Users/a/b") },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("Schemas", "ResourceTypes"), segment).map(([r, s]) => `/${r}/${s}`) },
  );
  const queryValue = fc.oneof(hostileString, filterArb);
  const query = fc
    .dictionary(fc.constantFrom("filter", "filter", "attributes", "excludedAttributes", "startIndex", "count", "sortBy", "%00"), queryValue, { maxKeys: 3 })
    .map((q) => {
      const s = Object.entries(q).map(([k, v]) => `${k}=${encode(v)}`).join("&");
      return s ? `?${s}` : "";
    });
  const body = fc.oneof(
    { weight: 3, arbitrary: mutatedUser.map((b) => ({ body: b })) },
    { weight: 1, arbitrary: hostileUser.map((b) => ({ body: b })) },
    { weight: 2, arbitrary: groupBody(memberId).map((b) => ({ body: b })) },
    { weight: 3, arbitrary: patchBody(memberId).map((b) => ({ body: b })) },
    { weight: 1, arbitrary: hostileValue.map((b) => ({ body: b })) },
    { weight: 1, arbitrary: rawBody.map((rawBody) => ({ rawBody })) },
    { weight: 1, arbitrary: fc.constant({}) },
  );
  const headers = fc.dictionary(
    fc.constantFrom("content-type", "if-match", "if-none-match"),
    fc.oneof(fc.constantFrom("application/json", "application/scim+json; charset=utf-8", "text/plain", "application/xml", "*", 'W/"1"', 'W/"999999999999999999"', "W/", '"1", W/"2"'), hostileString.filter((s) => /^[\t\x20-\x7e]*$/.test(s)).map((s) => s.trim())),
    { maxKeys: 2 },
  );
  return fc.record({ method: fc.constantFrom(...METHODS), path, query, body, headers }).map(({ method, path, query, body, headers }) => ({
    method,
    path: path + query,
    // fetch's Request cannot carry a GET body (and Next.js drops one).
    options: method === "GET" ? { headers } : { ...body, headers },
  }));
}

// Filters: the grammar's pieces in hostile combinations, and outright garbage.
const filterAttr = fc.oneof(fc.constantFrom("userName", "externalId", "emails", "emails.value", "emails.type", "phoneNumbers.value", "email", "name.givenName", "displayName", "active", "id", "meta.created", "meta.lastModified", "members.value", "members", `${ROLE_EXT}:role`, "roles.value", "constructor", "__proto__", "bogus"), hostileString.filter((s) => !/[\s()[\]"]/.test(s) && s.length > 0));
const filterValue = fc.oneof(hostileString.map((s) => JSON.stringify(s)), fc.constantFrom("true", "False", "null", "1", "-1e400", "0000-01-01T00:00:00Z"));
const filterOp = fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "pr", "xx");
const { filter: filterArb } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small" },
    { weight: 4, arbitrary: fc.tuple(filterAttr, filterOp, filterValue).map(([a, o, v]) => (o === "pr" ? `${a} pr` : `${a} ${o} ${v}`)) },
    { weight: 1, arbitrary: fc.tuple(tie("filter"), fc.constantFrom("and", "or", "AND"), tie("filter")).map(([a, o, b]) => `${a} ${o} ${b}`) },
    { weight: 1, arbitrary: tie("filter").map((f) => `not (${f})`) },
    { weight: 1, arbitrary: fc.tuple(filterAttr, tie("filter")).map(([a, f]) => `${a}[${f}]`) },
    { weight: 1, arbitrary: fc.constantFrom("(".repeat(40) + 'userName eq "a"' + ")".repeat(40), "not ".repeat(50) + 'userName eq "a"', Array(120).fill('userName eq "a"').join(" or "), "x".repeat(5_000), "((((", '"unterminated', 'userName eq "\\u0000"') },
    { weight: 1, arbitrary: hostileString },
  ),
}));

// ---- the run -----------------------------------------------------------------------------------

function isScimError(res: ScimResponse): boolean {
  const b = res.body;
  return typeof b === "object" && b !== null && Array.isArray(b.schemas) && b.schemas[0] === ERROR_SCHEMA && b.status === String(res.status) && typeof b.detail === "string";
}

describe("SCIM fuzz: hostile requests over every endpoint and method", () => {
  it(`${RUNS} generated requests: no 5xx, every 4xx a SCIM error, refused requests change nothing`, async () => {
    const team = await t.db.team.create({ data: { slug: "fuzz", name: "Fuzz" } });
    // Several tokens, used in turn, so the run stays under the per-token rate limit.
    const tokens = [];
    for (const i of [1, 2, 3, 4]) tokens.push(await createScimToken(t.db, { teamId: team.id, name: `fuzz ${i}`, mayManageOwners: true }, systemActor("test")));
    const clients = tokens.map((tk) => scimClient(t.db, tk.secret));
    const setupClient = clients[0]!;

    const pool: Pool = { users: [], groups: [] };
    for (let i = 0; i < 4; i++) {
      const u = await setupClient("POST", "/Users", { body: oktaUser(`seed${i}@fuzz.test`, i === 0 ? { [ROLE_EXT]: { role: "owner" } } : {}) });
      assert.equal(u.status, 201);
      pool.users.push(u.body.id);
    }
    for (let i = 0; i < 3; i++) {
      const g = await setupClient("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: `seed group ${i}`, members: pool.users.slice(0, i + 1).map((value) => ({ value })) } });
      assert.equal(g.status, 201);
      pool.groups.push(g.body.id);
    }

    // 501 is RFC 7644's answer for /Me (§3.11) and /Bulk (§3.7) when unsupported: counted apart,
    // and allowed only there. Any other 5xx fails the run.
    const counts = { requests: 0, "2xx": 0, "3xx": 0, "4xx": 0, "501": 0, "5xx": 0 };
    const byEndpoint = new Map<string, number>();
    let snapshot = await domainSnapshot(t.db);

    // Keeps the directory small and the seeded resources alive: what a 2xx created is removed and
    // what it deleted is replaced (outside the counted requests), then the snapshot is retaken.
    async function restore(req: FuzzRequest, res: ScimResponse) {
      if (res.status === 201 && typeof res.body?.id === "string") {
        await setupClient("DELETE", `/${req.path.startsWith("/Groups") ? "Groups" : "Users"}/${res.body.id}`);
      }
      if (req.method === "DELETE" && res.status === 204) {
        const id = req.path.split(/[/?]/)[2]!;
        const users = pool.users.indexOf(id);
        const groups = pool.groups.indexOf(id);
        if (users >= 0) {
          const u = await setupClient("POST", "/Users", { body: oktaUser(`seed${Date.now()}${users}@fuzz.test`, users === 0 ? { [ROLE_EXT]: { role: "owner" } } : {}) });
          pool.users[users] = u.body.id;
        }
        if (groups >= 0) {
          const g = await setupClient("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: `seed group ${Date.now()}` } });
          pool.groups[groups] = g.body.id;
        }
      }
    }

    await fc.assert(
      fc.asyncProperty(requestArb(pool), async (req) => {
        const client = clients[counts.requests % clients.length]!;
        counts.requests++;
        const [, resource = "", id] = req.path.replace(/\?.*$/, "").split("/");
        const endpoint = `${req.method} /${resource}${id === undefined ? "" : "/{id}"}`;
        byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + 1);
        const res = await client(req.method, req.path, req.options);
        const notImplemented = res.status === 501 && /^\/(Me|Bulk)$/i.test(`/${resource}`) && id === undefined;
        const klass = notImplemented ? "501" : (`${Math.floor(res.status / 100)}xx` as keyof typeof counts);
        counts[klass]++;
        assert.ok(res.status < 500 || notImplemented, `${req.method} ${req.path} → ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status >= 400) {
          assert.ok(isScimError(res), `${req.method} ${req.path} → ${res.status} without a SCIM error body: ${JSON.stringify(res.body)}`);
          const now = await domainSnapshot(t.db);
          assert.ok(now === snapshot, `${req.method} ${req.path} → ${res.status} but rows changed`);
        } else {
          await restore(req, res);
          snapshot = await domainSnapshot(t.db);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    console.log(
      `SCIM fuzz (${t.kind}, seed ${SEED}): ${counts.requests} requests → 2xx ${counts["2xx"]}, 3xx ${counts["3xx"]}, 4xx ${counts["4xx"]}, ` +
        `501 (/Me, /Bulk) ${counts["501"]}, other 5xx ${counts["5xx"]}; ${byEndpoint.size} method × endpoint pairs`,
    );
    assert.equal(counts["5xx"], 0);
    assert.ok(counts.requests >= RUNS);
  });
});
