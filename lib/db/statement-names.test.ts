import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { preparesStatements, statementNames } from "./statement-names";

describe("statementNames", () => {
  it("names each statement text once, the same name every time, and no two texts alike", () => {
    const name = statementNames(10);
    const a = name({ sql: "SELECT 1" });
    const b = name({ sql: "SELECT 2" });
    assert.notEqual(a, b);
    assert.equal(name({ sql: "SELECT 1" }), a);
    assert.equal(name({ sql: "SELECT 2" }), b);
  });

  it("sends new texts unnamed past its bound, and keeps the names it gave", () => {
    const name = statementNames(2);
    const a = name({ sql: "a" });
    const b = name({ sql: "b" });
    assert.equal(name({ sql: "c" }), undefined);
    assert.equal(name({ sql: "a" }), a);
    assert.equal(name({ sql: "b" }), b);
  });
});

describe("preparesStatements", () => {
  it("is off only for pgbouncer=true, as Prisma's engine read the URL", () => {
    assert.equal(preparesStatements("postgresql://u@h:5432/db"), true);
    assert.equal(preparesStatements("postgresql://u@h:5432/db?pgbouncer=false&sslmode=require"), true);
    assert.equal(preparesStatements("postgresql://u@h:5432/db?sslmode=require&pgbouncer=true"), false);
  });
});
