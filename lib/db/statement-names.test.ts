import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { preparesStatements, PREPARED, statementNames } from "./statement-names";

const marked = (sql: string) => `${PREPARED.text}\n${sql}`;

describe("statementNames", () => {
  it("names each marked statement text once, the same name every time, and no two texts alike", () => {
    const name = statementNames(10);
    const a = name({ sql: marked("SELECT 1") });
    const b = name({ sql: marked("SELECT 2") });
    assert.ok(a && b);
    assert.notEqual(a, b);
    assert.equal(name({ sql: marked("SELECT 1") }), a);
    assert.equal(name({ sql: marked("SELECT 2") }), b);
  });

  it("leaves every statement not marked unnamed: Prisma writes a new text for each shape of a filter", () => {
    const name = statementNames(10);
    for (let i = 0; i < 20; i++) assert.equal(name({ sql: `SELECT * FROM "Membership" WHERE id IN (${Array.from({ length: i + 1 }, (_, k) => `$${k + 1}`).join(", ")})` }), undefined);
  });

  it("sends new marked texts unnamed past its bound, and keeps the names it gave", () => {
    const name = statementNames(2);
    const a = name({ sql: marked("a") });
    const b = name({ sql: marked("b") });
    assert.equal(name({ sql: marked("c") }), undefined);
    assert.equal(name({ sql: marked("a") }), a);
    assert.equal(name({ sql: marked("b") }), b);
  });
});

describe("preparesStatements", () => {
  it("is off only for pgbouncer=true, as Prisma's engine read the URL", () => {
    assert.equal(preparesStatements("postgresql://u@h:5432/db"), true);
    assert.equal(preparesStatements("postgresql://u@h:5432/db?pgbouncer=false&sslmode=require"), true);
    assert.equal(preparesStatements("postgresql://u@h:5432/db?sslmode=require&pgbouncer=true"), false);
  });
});
