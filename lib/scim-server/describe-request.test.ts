// The request log reads an answer's body from its known text (respond.ts) or, for an answer made
// elsewhere, from a clone of its stream: both must describe it alike, the size cap included.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
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
