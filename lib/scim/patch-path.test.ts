import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, USER_SCHEMA } from "./constants";
import { ScimError } from "./errors";
import { parsePatchPath } from "./patch-path";
import { USER_RESOURCE } from "./resource-schemas";

const parse = (text: string) => parsePatchPath(text, USER_RESOURCE);
const invalid = (text: string, detail?: RegExp) =>
  assert.throws(
    () => parse(text),
    (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "invalidPath" && (!detail || detail.test(e.detail)),
    text,
  );

describe("parsePatchPath", () => {
  it("reads plain, dotted and schema-qualified paths", () => {
    assert.deepEqual(parse("active"), { attr: "active" });
    assert.deepEqual(parse("name.givenName"), { attr: "name", subAttr: "givenName" });
    assert.deepEqual(parse(`${GATEHOUSE_USER_SCHEMA}:role`), { schema: GATEHOUSE_USER_SCHEMA, attr: "role" });
    assert.deepEqual(parse(`${ENTERPRISE_USER_SCHEMA}:manager.value`), { schema: ENTERPRISE_USER_SCHEMA, attr: "manager", subAttr: "value" });
  });

  it("reads an extension URN alone as the whole extension", () => {
    assert.deepEqual(parse(GATEHOUSE_USER_SCHEMA.toLowerCase()), { schema: GATEHOUSE_USER_SCHEMA });
  });

  it("reads value filters with and without a trailing sub-attribute", () => {
    const p = parse('emails[type eq "work"].value');
    assert.equal(p.attr, "emails");
    assert.equal(p.subAttr, "value");
    assert.deepEqual(p.filter, { op: "eq", path: { attr: "type" }, value: "work" });
    const m = parse('members[value eq "a]b"]');
    assert.equal(m.attr, "members");
    assert.equal(m.subAttr, undefined);
    assert.deepEqual(m.filter, { op: "eq", path: { attr: "value" }, value: "a]b" });
  });

  it("rejects malformed paths as invalidPath", () => {
    invalid("", /not a valid attribute path/);
    invalid("a.b.c");
    invalid(USER_SCHEMA, /names the resource's schema/);
    invalid('emails[type eq "work"', /unclosed/);
    invalid('emails[type eq ]', /filter .* is invalid/);
    invalid('emails[type eq "work"]value', /not a sub-attribute/);
    invalid('name.x[type eq "work"]', /not a multi-valued attribute name/);
    invalid('emails[type pr and not (x[y pr])]', /cannot be nested/);
  });
});
