import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LIST_RESPONSE_SCHEMA, MAX_PAGE_SIZE } from "./constants";
import { ScimError } from "./errors";
import { listResponse, parsePage } from "./list";

const page = (query: string) => parsePage(new URLSearchParams(query));

describe("parsePage", () => {
  it("defaults to the first page of MAX_PAGE_SIZE", () => {
    assert.deepEqual(page(""), { startIndex: 1, count: MAX_PAGE_SIZE, skip: 0, take: MAX_PAGE_SIZE });
  });

  it("reads startIndex and count and gives Prisma skip/take", () => {
    assert.deepEqual(page("startIndex=101&count=50"), { startIndex: 101, count: 50, skip: 100, take: 50 });
  });

  it("clamps per RFC 7644 §3.4.2.4 and to the page cap", () => {
    assert.equal(page("startIndex=0").startIndex, 1);
    assert.equal(page("startIndex=-5").startIndex, 1);
    assert.equal(page("count=-1").count, 0);
    assert.equal(page("count=0").count, 0);
    assert.equal(page("count=100000").count, MAX_PAGE_SIZE);
    assert.equal(page("count=99999999999999999999").count, MAX_PAGE_SIZE);
    assert.equal(page("count=").count, MAX_PAGE_SIZE);
  });

  it("rejects non-integers with 400 invalidValue", () => {
    for (const q of ["count=abc", "startIndex=1.5", "count=1e3", "startIndex=0x10"]) {
      assert.throws(() => page(q), (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "invalidValue", q);
    }
  });
});

describe("listResponse", () => {
  it("builds the envelope with itemsPerPage = the page's length", () => {
    assert.deepEqual(listResponse([{ id: "a" }], { totalResults: 7, startIndex: 3 }), {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 7,
      startIndex: 3,
      itemsPerPage: 1,
      Resources: [{ id: "a" }],
    });
  });
});
