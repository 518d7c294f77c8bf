import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { and, compareConstant, dateCondition, escapeLike, finish, not, or, stringCondition } from "./where-builder";

type W = { AND?: W | W[]; OR?: W[]; NOT?: W | W[]; f?: unknown };
const wrap = (f: unknown): W => ({ f });
const path = { attr: "x" };

describe("constant folding", () => {
  it("simplifies and/or/not around known answers", () => {
    const a: W = { f: 1 };
    const b: W = { f: 2 };
    assert.deepEqual(and<W>([true, a]), a);
    assert.equal(and<W>([a, false]), false);
    assert.equal(and<W>([true, true]), true);
    assert.deepEqual(and<W>([a, b]), { AND: [a, b] });
    assert.deepEqual(or<W>([false, a]), a);
    assert.equal(or<W>([a, true]), true);
    assert.equal(or<W>([false]), false);
    assert.equal(not<W>(true), false);
    assert.deepEqual(not<W>(a), { NOT: a });
  });

  it("finishes true as no clause and false as match-nothing", () => {
    assert.equal(finish<W>(true, { f: "none" }), undefined);
    assert.deepEqual(finish<W>(false, { f: "none" }), { f: "none" });
  });
});

describe("escapeLike", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    assert.equal(escapeLike("100%_a\\b"), "100\\%\\_a\\\\b");
  });
});

describe("stringCondition", () => {
  it("uses = for exact and normalised columns, escaped ILIKE otherwise", () => {
    assert.deepEqual(stringCondition<W>(wrap, { caseExact: true, nullable: false }, path, "eq", "A_b"), { f: { equals: "A_b" } });
    assert.deepEqual(stringCondition<W>(wrap, { caseExact: false, nullable: false, normalize: (v) => v.trim().toLowerCase() }, path, "eq", " A_b"), {
      f: { equals: "a_b" },
    });
    assert.deepEqual(stringCondition<W>(wrap, { caseExact: false, nullable: false }, path, "eq", "A_b"), { f: { equals: "A\\_b", mode: "insensitive" } });
  });

  it("guards nullable columns so negation keeps rows without a value", () => {
    assert.deepEqual(stringCondition<W>(wrap, { caseExact: true, nullable: true }, path, "ne", "a"), { NOT: { f: { not: null, equals: "a" } } });
    assert.deepEqual(stringCondition<W>(wrap, { caseExact: true, nullable: true }, path, "eq", null), { f: null });
    assert.equal(stringCondition<W>(wrap, { caseExact: true, nullable: false }, path, "eq", null), false);
    assert.equal(stringCondition<W>(wrap, { caseExact: true, nullable: false }, path, "pr", undefined), true);
  });
});

describe("dateCondition", () => {
  it("compares ISO date-times and rejects other values", () => {
    const d = new Date("2024-01-01T00:00:00Z");
    assert.deepEqual(dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "ge", "2024-01-01T00:00:00Z"), { f: { gte: d } });
    assert.deepEqual(dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "ne", "2024-01-01T00:00:00Z"), { NOT: { f: { equals: d } } });
    assert.throws(() => dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "gt", "2024-13-45"), ScimError);
    assert.throws(() => dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "gt", 5), ScimError);
  });

  it("refuses dates PostgreSQL cannot hold (year 0, past 9999) as invalidFilter", () => {
    const bad = (v: string) =>
      assert.throws(() => dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "gt", v), (e: unknown) => e instanceof ScimError && e.scimType === "invalidFilter");
    bad("0000-01-01T00:00:00Z");
    bad("0000-12-31T23:59:59Z");
    bad("9999-12-31T23:59:59-14:00");
    assert.ok(dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "gt", "0001-01-01T00:00:00Z"));
    assert.ok(dateCondition<W>(wrap as (f: Record<string, Date>) => W, path, "lt", "9999-12-31T23:59:59Z"));
  });
});

describe("compareConstant", () => {
  it("compares strings per case rule and booleans by eq/ne", () => {
    assert.equal(compareConstant("work", path, "eq", "WORK"), true);
    assert.equal(compareConstant("work", path, "eq", "WORK", true), false);
    assert.equal(compareConstant("work", path, "sw", "wo"), true);
    assert.equal(compareConstant("b", path, "gt", "a"), true);
    assert.equal(compareConstant(true, path, "ne", false), true);
    assert.equal(compareConstant(undefined, path, "pr", undefined), false);
    assert.equal(compareConstant(undefined, path, "eq", null), true);
    assert.throws(() => compareConstant(true, path, "gt", true), ScimError);
    assert.throws(() => compareConstant("a", path, "eq", 1), ScimError);
  });
});
