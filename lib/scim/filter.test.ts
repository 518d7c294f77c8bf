import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { parseFilter } from "./filter";

const invalid = (text: string, detail?: RegExp) =>
  assert.throws(
    () => parseFilter(text),
    (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "invalidFilter" && (!detail || detail.test(e.detail)),
    text,
  );

describe("parseFilter: attribute expressions", () => {
  it("parses every comparison operator, case-insensitively", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      assert.deepEqual(parseFilter(`userName ${op.toUpperCase()} "x"`), { op, path: { attr: "userName" }, value: "x" });
    }
    assert.deepEqual(parseFilter("title Pr"), { op: "pr", path: { attr: "title" } });
  });

  it("keeps the attribute spelling and splits sub-attributes and schema URNs", () => {
    assert.deepEqual(parseFilter('UserName eq "a"'), { op: "eq", path: { attr: "UserName" }, value: "a" });
    assert.deepEqual(parseFilter('name.familyName co "O\'Malley"'), {
      op: "co",
      path: { attr: "name", subAttr: "familyName" },
      value: "O'Malley",
    });
    assert.deepEqual(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"'), {
      op: "eq",
      path: { schema: "urn:ietf:params:scim:schemas:core:2.0:User", attr: "userName" },
      value: "a",
    });
    assert.deepEqual(parseFilter('urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User:role eq "admin"'), {
      op: "eq",
      path: { schema: "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User", attr: "role" },
      value: "admin",
    });
  });

  it("reads string, number, boolean and null literals (literals case-insensitive)", () => {
    const value = (text: string) => (parseFilter(`x eq ${text}`) as { value: unknown }).value;
    assert.equal(value('"a b"'), "a b");
    assert.equal(value('"say \\"hi\\""'), 'say "hi"');
    assert.equal(value('"back\\\\slash"'), "back\\slash");
    assert.equal(value('"caf\\u00e9"'), "café");
    assert.equal(value('"a]b)c"'), "a]b)c");
    assert.equal(value("42"), 42);
    assert.equal(value("-1.5e3"), -1500);
    assert.equal(value("true"), true);
    assert.equal(value("False"), false);
    assert.equal(value("NULL"), null);
  });
});

describe("parseFilter: logic", () => {
  it("binds and tighter than or", () => {
    assert.deepEqual(parseFilter('a eq "1" or b eq "2" and c eq "3"'), {
      op: "or",
      filters: [
        { op: "eq", path: { attr: "a" }, value: "1" },
        {
          op: "and",
          filters: [
            { op: "eq", path: { attr: "b" }, value: "2" },
            { op: "eq", path: { attr: "c" }, value: "3" },
          ],
        },
      ],
    });
  });

  it("lets parentheses override precedence and flattens chains", () => {
    const f = parseFilter('(a pr OR b pr) AND c pr and (d pr and e pr)');
    assert.equal(f.op, "and");
    assert.equal((f as { filters: unknown[] }).filters.length, 4);
    assert.equal((f as { filters: { op: string }[] }).filters[0]!.op, "or");
  });

  it("parses not with and without parentheses", () => {
    const expected = { op: "not", filter: { op: "eq", path: { attr: "userName" }, value: "a" } };
    assert.deepEqual(parseFilter('not (userName eq "a")'), expected);
    assert.deepEqual(parseFilter('NOT(userName eq "a")'), expected);
    assert.deepEqual(parseFilter('not userName eq "a"'), expected);
    assert.deepEqual(parseFilter('a pr and not (b pr)'), {
      op: "and",
      filters: [
        { op: "pr", path: { attr: "a" } },
        { op: "not", filter: { op: "pr", path: { attr: "b" } } },
      ],
    });
  });
});

describe("parseFilter: value paths", () => {
  it("parses a value filter on a multi-valued attribute", () => {
    assert.deepEqual(parseFilter('emails[type eq "work" and value co "@x"]'), {
      op: "valuePath",
      path: { attr: "emails" },
      filter: {
        op: "and",
        filters: [
          { op: "eq", path: { attr: "type" }, value: "work" },
          { op: "co", path: { attr: "value" }, value: "@x" },
        ],
      },
    });
  });

  it("keeps a sub-attribute comparison on the same element as the value filter", () => {
    assert.deepEqual(parseFilter('emails[type eq "work"].value eq "a@x.test"'), {
      op: "valuePath",
      path: { attr: "emails" },
      filter: {
        op: "and",
        filters: [
          { op: "eq", path: { attr: "type" }, value: "work" },
          { op: "eq", path: { attr: "value" }, value: "a@x.test" },
        ],
      },
    });
  });

  it("combines value paths with other terms", () => {
    const f = parseFilter('userType eq "Employee" and emails[type eq "work" and value co "@example.com"] or members[value eq "abc"]');
    assert.equal(f.op, "or");
  });
});

describe("parseFilter: errors are 400 invalidFilter with a useful detail", () => {
  it("rejects malformed filters", () => {
    invalid("", /empty/);
    invalid("userName", /expected an operator/);
    invalid("userName eq", /expected a value/);
    invalid("userName eq bjensen", /strings must be in double quotes/);
    invalid('userName xx "a"', /unknown operator "xx"/);
    invalid('userName eq "a" garbage', /expected "and" or "or"/);
    invalid('userName eq "a" and', /expected an attribute name/);
    invalid('(userName eq "a"', /expected "\)"/);
    invalid('userName eq "a")', /unbalanced/);
    invalid('emails[type eq "work"', /expected "\]"/);
    invalid('userName eq "unterminated', /unterminated string/);
    invalid('userName eq "bad \\x escape"', /invalid escape/);
    invalid('a.b.c eq "x"', /not a valid attribute path/);
    invalid('emails[type eq "work"].value', /expected an operator/);
    invalid('emails[a[b eq "c"]]', /cannot be nested/);
    invalid('name.givenName[x eq "y"]', /multi-valued/);
  });

  it("bounds nesting, length and term count", () => {
    invalid(`${"(".repeat(40)}a pr${")".repeat(40)}`, /nested deeper/);
    invalid(`userName eq "${"x".repeat(5000)}"`, /longer than/);
    invalid(Array.from({ length: 101 }, (_, i) => `id eq "${i}"`).join(" or "), /more than 100/);
  });

  it("refuses U+0000, raw or escaped, before anything reaches the database", () => {
    invalid("userName eq \"a\u0000b\"", /U\+0000/);
    invalid('userName eq "a\\u0000b"', /U\+0000/);
    invalid("userName\u0000 pr", /U\+0000/);
  });

  // A lone surrogate escaped in a string ("\ud800") decodes to text PostgreSQL's json refuses:
  // it reached the database and came back a 500.
  it("refuses an escaped unpaired surrogate, alone or in a value path", () => {
    invalid('emails.type eq "\\ud800"', /unpaired surrogate/);
    invalid('emails[type eq "\\udc00x"]', /unpaired surrogate/);
    invalid('emails[type eq "\\ud800"].value eq "x"', /unpaired surrogate/);
    assert.equal(parseFilter('userName eq "\\ud83d\\ude00"').op, "eq", "a pair is one character");
  });
});
