// readScimBody reads a request the production server serves itself from Node's stream
// (served-directly.ts), and any other from its web stream: both alike, the size cap included.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { MAX_BODY_BYTES } from "../scim/constants";
import { ScimError } from "../scim/errors";
import { readScimBody } from "./http";
import { rememberedRequestBody } from "./request-body-record";
import { markServedDirectly } from "./served-directly";

const url = "http://localhost/api/scim/v2/Users";
const served = (chunks: string[]) => {
  const stream = Readable.from(chunks.map((c) => Buffer.from(c)));
  const request = new Request(url, { method: "POST" });
  markServedDirectly(request, stream);
  return { request, stream };
};
const refusedAs413 = (e: unknown) => e instanceof ScimError && e.status === 413;

describe("readScimBody", () => {
  it("reads a body served directly from Node's stream, across chunks and a split character", async () => {
    const text = JSON.stringify({ userName: "zoë@example.test" });
    const bytes = Buffer.from(text);
    const at = bytes.indexOf(Buffer.from("ë")) + 1; // inside the two bytes of "ë"
    const stream = Readable.from([bytes.subarray(0, at), bytes.subarray(at)]);
    const request = new Request(url, { method: "POST" });
    markServedDirectly(request, stream);
    assert.deepEqual(await readScimBody(request), { userName: "zoë@example.test" });
    assert.deepEqual(rememberedRequestBody(request), { text });
  });

  it("refuses a body over the cap without Content-Length, and leaves Node's stream open for the 413 to go out", async () => {
    const chunk = "x".repeat(64 * 1024);
    const { request, stream } = served(Array.from({ length: Math.ceil(MAX_BODY_BYTES / chunk.length) + 1 }, () => chunk));
    await assert.rejects(readScimBody(request), refusedAs413);
    assert.equal(stream.destroyed, false);
    assert.deepEqual(rememberedRequestBody(request), { tooLarge: MAX_BODY_BYTES });
  });

  it("refuses the same body as a web stream (a request Next hands over)", async () => {
    const request = new Request(url, { method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1) });
    await assert.rejects(readScimBody(request), refusedAs413);
  });

  it("reads an empty body as the SCIM error an empty body is, either way", async () => {
    const direct = await readScimBody(served([]).request).catch((e: unknown) => e);
    const web = await readScimBody(new Request(url, { method: "POST", body: "" })).catch((e: unknown) => e);
    assert.ok(direct instanceof ScimError && web instanceof ScimError);
    assert.deepEqual([direct.status, direct.scimType], [web.status, web.scimType]);
  });
});
