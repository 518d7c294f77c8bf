// RFC 7644 protocol behaviour over HTTP-shaped calls: auth, media types, errors, filters,
// attribute selection, ETags, discovery, concurrency and the request log.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { oktaUser, PATCH_SCHEMA, scimClient, teamWithToken } from "../testing/scim-harness";
import { createScimToken } from "../scim-tokens/create-token";
import { revokeScimToken } from "../scim-tokens/revoke-token";
import { testActor } from "../testing/factories";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

async function setup(slug: string) {
  const { team, token, tokenId } = await teamWithToken(t.db, slug);
  return { team, token, tokenId, scim: scimClient(t.db, token) };
}

describe("authentication", () => {
  it("answers 401 in the SCIM error format with WWW-Authenticate for missing, wrong, revoked and expired tokens", async () => {
    const { team, scim } = await setup("auth");
    const revoked = await createScimToken(t.db, { teamId: team.id, name: "old", mayManageOwners: false }, testActor);
    await revokeScimToken(t.db, { teamId: team.id, tokenId: revoked.id }, testActor);
    const expired = await createScimToken(t.db, { teamId: team.id, name: "exp", expiresAt: new Date(Date.now() - 1), mayManageOwners: false }, testActor);
    for (const token of [null, "ghscim_wrong", revoked.secret, expired.secret]) {
      const res = await scim("GET", "/Users", { token });
      assert.equal(res.status, 401, String(token));
      assert.deepEqual(res.body.schemas, [ERROR_SCHEMA]);
      assert.equal(res.body.status, "401");
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
    }
  });

  it("accepts the bearer scheme in any case and records when the token was last used", async () => {
    const { token, tokenId, scim } = await setup("auth-case");
    const res = await scim("GET", "/Users", { headers: { authorization: `bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.ok((await t.db.scimToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt);
  });
});

describe("bad input gets a SCIM error and changes nothing", () => {
  it("malformed JSON → 400 invalidSyntax", async () => {
    const { scim } = await setup("bad-json");
    const res = await scim("POST", "/Users", { rawBody: "{not json" });
    assert.equal(res.status, 400);
    assert.equal(res.body.scimType, "invalidSyntax");
  });

  it("other media types → 415; application/json with charset is fine", async () => {
    const { scim } = await setup("media");
    const xml = await scim("POST", "/Users", { rawBody: "<user/>", headers: { "content-type": "application/xml" } });
    assert.equal(xml.status, 415);
    assert.equal(xml.body.status, "415");
    const json = await scim("POST", "/Users", { body: oktaUser("json@example.com"), headers: { "content-type": "application/json; charset=utf-8" } });
    assert.equal(json.status, 201);
  });

  it("bodies over the limit → 413", async () => {
    const { team, scim } = await setup("too-large");
    const res = await scim("POST", "/Users", { body: oktaUser("big@example.com", { displayName: "x".repeat(1_100_000) }) });
    assert.equal(res.status, 413);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 0);
  });

  it("a missing userName or a wrongly typed attribute → 400 invalidValue", async () => {
    const { team, scim } = await setup("invalid-user");
    const noName = await scim("POST", "/Users", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], emails: [{ value: "a@b.test" }] } });
    assert.equal(noName.status, 400);
    assert.equal(noName.body.scimType, "invalidValue");
    const badEmails = await scim("POST", "/Users", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x@b.test", emails: "x@b.test" } });
    assert.equal(badEmails.status, 400);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 0);
  });

  it("an invalid or unsupported filter → 400 invalidFilter", async () => {
    const { scim } = await setup("bad-filter");
    for (const f of ['userName eq', 'favoriteColor eq "blue"', '(userName eq "a"']) {
      const res = await scim("GET", `/Users?filter=${encodeURIComponent(f)}`);
      assert.equal(res.status, 400, f);
      assert.equal(res.body.scimType, "invalidFilter", f);
    }
  });

  it("a PATCH whose second operation fails applies none of them", async () => {
    const { scim } = await setup("patch-atomic");
    const u = await scim("POST", "/Users", { body: oktaUser("atomic@example.com") });
    const res = await scim("PATCH", `/Users/${u.body.id}`, {
      body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "displayName", value: "New" }, { op: "replace", path: "favoriteColor", value: "blue" }] },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.scimType, "invalidPath");
    assert.equal((await scim("GET", `/Users/${u.body.id}`)).body.displayName, "atomic Tester");
  });

  it("unknown endpoints → 404, Bulk → 501, wrong method → 405, all as SCIM errors", async () => {
    const { scim } = await setup("routes");
    const nope = await scim("GET", "/Nope");
    assert.equal(nope.status, 404);
    assert.deepEqual(nope.body.schemas, [ERROR_SCHEMA]);
    assert.equal((await scim("POST", "/Bulk", { body: {} })).status, 501);
    const wrong = await scim("DELETE", "/Users");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.body.status, "405");
  });
});

describe("filters over HTTP", () => {
  it("supports the RFC operators, logic and value paths", async () => {
    const { scim } = await setup("filters");
    const a = await scim("POST", "/Users", { body: oktaUser("alice@one.test", { externalId: "ext-A", name: { givenName: "Alice", familyName: "Archer" } }) });
    await scim("POST", "/Users", { body: oktaUser("bob@two.test", { name: { givenName: "Bob", familyName: "Baker" } }) });
    await scim("PATCH", `/Users/${a.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active: false } }] } });
    const count = async (f: string) => (await scim("GET", `/Users?filter=${encodeURIComponent(f)}`)).body.totalResults as number;
    assert.equal(await count('userName sw "ALICE"'), 1);
    assert.equal(await count('userName ew "two.test"'), 1);
    assert.equal(await count('userName co "@"'), 2);
    assert.equal(await count('userName ne "alice@one.test"'), 1);
    assert.equal(await count('externalId eq "ext-A"'), 1);
    assert.equal(await count('externalId eq "EXT-A"'), 0, "externalId is caseExact");
    assert.equal(await count('emails[type eq "work"].value eq "bob@two.test"'), 1);
    assert.equal(await count('emails.value co "one.test"'), 1);
    assert.equal(await count('name.familyName eq "Baker" or name.givenName eq "Alice"'), 2);
    assert.equal(await count('active eq true and not (userName sw "x")'), 1);
    assert.equal(await count("externalId pr"), 2);
    assert.equal(await count(`meta.created gt "2000-01-01T00:00:00Z"`), 2);
    assert.equal(await count(`meta.lastModified lt "2000-01-01T00:00:00Z"`), 0);
  });

  it("honours attributes and excludedAttributes, keeping id and schemas", async () => {
    const { scim } = await setup("attributes");
    const u = await scim("POST", "/Users", { body: oktaUser("attr@example.com") });
    const only = await scim("GET", `/Users/${u.body.id}?attributes=userName,name.givenName`);
    assert.deepEqual(Object.keys(only.body).sort(), ["id", "name", "schemas", "userName"]);
    assert.deepEqual(only.body.name, { givenName: "attr" });
    const without = await scim("GET", `/Users?excludedAttributes=emails,meta`);
    assert.equal(without.body.Resources[0].emails, undefined);
    assert.equal(without.body.Resources[0].meta, undefined);
    assert.ok(without.body.Resources[0].userName);
  });

  it("pages with count=0 (totals only) and caps count at the documented maximum", async () => {
    const { scim } = await setup("paging-caps");
    await scim("POST", "/Users", { body: oktaUser("one@example.com") });
    const zero = await scim("GET", "/Users?count=0");
    assert.equal(zero.body.totalResults, 1);
    assert.deepEqual(zero.body.Resources, []);
    const huge = await scim("GET", "/Users?count=100000");
    assert.equal(huge.status, 200);
    const bad = await scim("GET", "/Users?count=lots");
    assert.equal(bad.status, 400);
    // Far past the end, beyond 32-bit integers: an empty page, as for any page past the end.
    for (const startIndex of ["3000000000", "9007199254740993"]) {
      const far = await scim("GET", `/Users?startIndex=${startIndex}&count=10`);
      assert.equal(far.status, 200, startIndex);
      assert.equal(far.body.totalResults, 1);
      assert.deepEqual(far.body.Resources, []);
    }
  });
});

describe("ETags", () => {
  it("returns ETags, answers 412 to a stale If-Match and 304 to a current If-None-Match", async () => {
    const { scim } = await setup("etags");
    const u = await scim("POST", "/Users", { body: oktaUser("etag@example.com") });
    const etag = u.headers.get("etag")!;
    assert.match(etag, /^W\/"\d+"$/);
    assert.equal((await scim("GET", `/Users/${u.body.id}`, { headers: { "if-none-match": etag } })).status, 304);
    const ok = await scim("PATCH", `/Users/${u.body.id}`, { headers: { "if-match": etag }, body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "displayName", value: "v2" }] } });
    assert.equal(ok.status, 200);
    const stale = await scim("PUT", `/Users/${u.body.id}`, { headers: { "if-match": etag }, body: oktaUser("etag@example.com", { displayName: "v3" }) });
    assert.equal(stale.status, 412);
    const del = await scim("DELETE", `/Users/${u.body.id}`, { headers: { "if-match": etag } });
    assert.equal(del.status, 412);
    assert.equal((await scim("GET", `/Users/${u.body.id}`)).body.displayName, "v2");
  });
});

describe("discovery", () => {
  it("serves ServiceProviderConfig, Schemas and ResourceTypes", async () => {
    const { scim } = await setup("discovery");
    const spc = await scim("GET", "/ServiceProviderConfig");
    assert.equal(spc.status, 200);
    assert.equal(spc.body.patch.supported, true);
    const schemas = await scim("GET", "/Schemas");
    assert.deepEqual(
      schemas.body.Resources.map((s: { id: string }) => s.id).sort(),
      [
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User",
      ],
    );
    assert.equal((await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).body.name, "User");
    const types = await scim("GET", "/ResourceTypes");
    assert.deepEqual(types.body.Resources.map((r: { id: string }) => r.id), ["User", "Group"]);
    assert.equal((await scim("GET", "/ResourceTypes/Group")).body.endpoint, "/Groups");
    assert.equal((await scim("GET", "/ResourceTypes/Nope")).status, 404);
    // Any case: URNs and SCIM names are case-insensitive (RFC 7643 §2.1).
    assert.equal((await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:user")).body.name, "User");
    assert.equal((await scim("GET", "/ResourceTypes/group")).body.endpoint, "/Groups");
  });
});

describe("concurrency", () => {
  it("50 simultaneous POSTs of one userName create exactly one user; the rest get 409", async () => {
    const { team, scim } = await setup("race");
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => scim("POST", "/Users", { body: oktaUser(i % 2 ? "Race@example.com" : "race@example.com") })));
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.equal(results.filter((r) => r.status === 409).length, 49);
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 1);
    assert.equal(await t.db.user.count({ where: { emailNormalized: "race@example.com" } }), 1);
  });
});

describe("request log and audit", () => {
  it("logs every authenticated request and audits every mutation naming the token", async () => {
    const { team, scim } = await setup("logging");
    const u = await scim("POST", "/Users", { body: oktaUser("log@example.com") });
    await scim("GET", `/Users/${u.body.id}`);
    await scim("GET", "/Users/does-not-exist");
    const log = await t.db.scimRequestLog.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } });
    assert.deepEqual(log.map((l) => [l.method, l.status]), [["POST", 201], ["GET", 200], ["GET", 404]]);
    assert.equal(log[0].path, "/api/scim/v2/Users");
    assert.equal(log[0].userAgent, "Okta SCIM Client 1.0.0");
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { teamId: team.id, action: "member.added" } });
    assert.equal(audit.actorLabel, 'SCIM token "Okta"');
  });
});

describe("answers through Next", () => {
  // The answers are made without a body for the production server's own SCIM path (respond.ts);
  // every way out to Next must put it back, or Next sends an empty 200.
  it("carry their SCIM body on every route and method, with a token and without", async () => {
    const { scim } = await setup("bodies");
    const user = await scim("POST", "/Users", { body: oktaUser("bodies@example.com") });
    const group = await scim("POST", "/Groups", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Bodies" } });
    const paths = ["", "/Users", `/Users/${user.body.id}`, "/Groups", `/Groups/${group.body.id}`, "/ServiceProviderConfig", "/Schemas", "/ResourceTypes", "/ResourceTypes/User", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "/Bulk"];
    let answers = 0;
    for (const path of paths) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        for (const token of [undefined, null]) {
          // A body every write accepts the shape of, or refuses in the SCIM format.
          const body = method === "GET" || method === "DELETE" ? undefined : { schemas: [PATCH_SCHEMA], Operations: [] };
          const res = await scim(method, path, { token, body });
          if (res.status === 204 || res.status === 405 && res.body === undefined) continue;
          answers++;
          assert.ok(res.body?.schemas?.length > 0, `${method} ${path} ${token === null ? "without a token" : ""}: ${res.status} with ${JSON.stringify(res.body)}`);
        }
      }
    }
    assert.ok(answers > 80, `${answers} answers with a body`);
  });
});
