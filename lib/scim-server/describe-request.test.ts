// The request log reads an answer's body from its known text (respond.ts) or, for an answer made
// elsewhere, from a clone of its stream: both must describe it alike, the size cap included.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../scim/constants";
import crypto from "node:crypto";
import { authSecret } from "../env";
import { describeScimRequest, requestLogMaskKey, undescribedEntry, type ScimExchange } from "./describe-request";
import { LOG_BODY_MAX_CHARS } from "../scim/mask-log";

const exchange = (response: ScimExchange["response"]): ScimExchange => ({
  teamId: "team-1",
  token: { id: "t", name: "Okta", prefix: "ghscim_abc" },
  authProblem: null,
  method: "GET",
  url: new URL("http://localhost/api/scim/v2/Users?filter=userName%20eq%20%22ada%40example.com%22"),
  status: 200,
  durationMs: 1,
  userAgent: "Okta",
  requestBody: null,
  response,
});

describe("describeScimRequest", () => {
  for (const [what, text] of [
    ["a list", JSON.stringify({ totalResults: 1, Resources: [{ userName: "ada@example.com", emails: [{ value: "ada@example.com" }] }] })],
    ["a body over the size limit", JSON.stringify({ detail: "x".repeat(MAX_BODY_BYTES) })],
    ["no body", null],
  ] as const) {
    it(`describes ${what} alike from its known text and from its stream`, async () => {
      const fromText = await describeScimRequest(exchange({ knownText: text }));
      const fromStream = await describeScimRequest(exchange(new Response(text)));
      assert.deepEqual(fromText, fromStream);
      if (text && text.length > MAX_BODY_BYTES) assert.ok((fromText.responseBody ?? "").length < 100, "an oversized body is not kept");
      if (text && text.length < 1000) assert.doesNotMatch(fromText.responseBody ?? "", /ada@example\.com/);
    });
  }
});

// What answers are made of (respond.ts keeps the value beside its text): JSON, and what
// JSON.stringify writes otherwise (undefined, a Date, NaN, -0), under the keys masking reads.
const KEYS = ["Resources", "userName", "emails", "value", "display", "name", "givenName", "members", "manager", "id", "detail", "scimType", "op", "path", "password", "toJSON", "__proto__", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "name.givenName", "x"];
const leaf = fc.oneof(
  fc.constantFrom("ada@example.com", "Ada", "", "emails[type eq \"work\"].value", "\ud800"),
  fc.string(),
  fc.integer(),
  fc.constantFrom(NaN, -0, Infinity, 1.5, true, false, null, undefined),
  fc.date({ noInvalidDate: true }),
  // What JSON.stringify writes otherwise too: boxed primitives, a toJSON whose answer has one of
  // its own (called once), an operation whose op and path are inherited (not written).
  fc.oneof(fc.string().map((v) => new String(v)), fc.constantFrom("ada@example.com").map((v) => new String(v)), fc.integer().map((v) => new Number(v)), fc.boolean().map((v) => new Boolean(v))),
  fc.constantFrom("ada@example.com", "x").map((v) => ({ toJSON: () => ({ toJSON: () => v }) })),
  fc.constantFrom("+1 555 0100", "ada@example.com").map((v) => Object.assign(Object.create({ op: "replace", path: "phoneNumbers" }) as object, { value: v })),
);
const { answer } = fc.letrec((tie) => ({
  answer: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("list"), tie("object")),
  list: fc.array(tie("answer"), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 4 })), tie("answer"), { maxKeys: 6 }),
}));

describe("an answer described from the value its text was written from", () => {
  it("is described as its text is, for any answer (property)", async () => {
    await fc.assert(
      fc.asyncProperty(answer, fc.constantFrom(200, 201, 409), fc.constantFrom("GET", "POST"), async (value, status, method) => {
        const text = JSON.stringify(value);
        if (text === undefined) return;
        const x = { ...exchange({ knownText: text, knownValue: value }), status, method, url: new URL("http://localhost/api/scim/v2/Users") };
        const fromText = { ...x, response: { knownText: text } };
        assert.deepEqual(await describeScimRequest(x), await describeScimRequest(fromText));
        const later = undescribedEntry(x);
        if (later) assert.deepEqual(later.describe(), await describeScimRequest(fromText));
      }),
      { numRuns: 2000 },
    );
  });

  it("is not kept by an entry held to be described later: that entry describes the text that was sent", async () => {
    const value = { totalResults: 1, Resources: [{ userName: "ada@example.com" }] };
    const text = JSON.stringify(value);
    const later = undescribedEntry(exchange({ knownText: text, knownValue: value }));
    assert.ok(later);
    value.Resources[0]!.userName = "changed@example.com";
    assert.deepEqual(later.describe(), await describeScimRequest(exchange({ knownText: text })));
  });

  it("is not read for an answer over the size limit", async () => {
    const value = { detail: "x".repeat(MAX_BODY_BYTES) };
    const described = await describeScimRequest(exchange({ knownText: JSON.stringify(value), knownValue: value }));
    assert.ok((described.responseBody ?? "").length < 100, "an oversized body is not kept");
  });
});

describe("undescribedEntry", () => {
  it("describes later what describeScimRequest describes now, for a small known answer, an error's included", async () => {
    const list = JSON.stringify({ totalResults: 1, Resources: [{ userName: "ada@example.com" }] });
    const error = JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: "ada@example.com is taken" });
    for (const x of [exchange({ knownText: list }), { ...exchange({ knownText: error }), status: 409, requestBody: { text: '{"userName":"ada@example.com","password":"p"}' } }, exchange({ knownText: null })]) {
      const later = undescribedEntry(x);
      assert.ok(later);
      const now = await describeScimRequest(x);
      assert.deepEqual([later.teamId, later.isError], [now.teamId, now.isError]);
      assert.deepEqual(later.describe(), now);
    }
  });

  it("is not made for an answer read from its stream, nor for an answer or a request body larger than a description keeps", () => {
    const big = "x".repeat(LOG_BODY_MAX_CHARS + 1);
    assert.equal(undescribedEntry(exchange(new Response("{}"))), null);
    assert.equal(undescribedEntry(exchange({ knownText: JSON.stringify({ detail: big }) })), null);
    assert.equal(undescribedEntry({ ...exchange({ knownText: "{}" }), requestBody: { text: big } }), null);
    assert.ok(undescribedEntry({ ...exchange({ knownText: "{}" }), requestBody: { tooLarge: MAX_BODY_BYTES } }));
  });
});

describe("requestLogMaskKey", () => {
  it("is each team's own HMAC of the auth secret, the same on every request", () => {
    const expected = (teamId: string) => crypto.createHmac("sha256", authSecret()).update(`scim-request-log:${teamId}`).digest("hex");
    for (let i = 0; i < 3; i++) {
      assert.equal(requestLogMaskKey("team-a"), expected("team-a"));
      assert.equal(requestLogMaskKey("team-b"), expected("team-b"));
    }
    assert.notEqual(requestLogMaskKey("team-a"), requestLogMaskKey("team-b"));
  });
});
