import crypto from "node:crypto";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { attributeRoot, maskEmail, maskLogBody, maskLogPath, maskPersonal, resourceKindOfPath } from "./mask-log";

const key = "team-key";
const body = (value: unknown, kind: "User" | "Group" | null = "User") => JSON.parse(maskLogBody(JSON.stringify(value), kind, { key })!);
const leaks = (text: string | null, ...secrets: string[]) => secrets.filter((s) => text?.toLowerCase().includes(s.toLowerCase()));

describe("maskEmail / maskPersonal", () => {
  it("keeps the first character, the domain and a tag that is the same for the same value, case-insensitively", () => {
    const a = maskEmail("Ada.Lovelace@Example.com", key);
    assert.match(a, /^A…@example\.com~[0-9a-f]{6}$/);
    assert.equal(maskEmail("ada.lovelace@example.com", key).split("~")[1], a.split("~")[1]);
    assert.notEqual(maskEmail("grace@example.com", key).split("~")[1], a.split("~")[1]);
    assert.match(maskPersonal("Lovelace", key), /^L…~[0-9a-f]{6}$/);
  });

  it("keeps a value's first character whole, and its tag is HMAC-SHA256 of the value under the team's key, for any text", () => {
    // The tag must not change between versions: an admin matches rows of one log across them.
    const hmacTag = (v: string, k: string) => crypto.createHmac("sha256", k).update(v.trim().toLowerCase(), "utf8").digest("hex").slice(0, 6);
    assert.equal(maskPersonal(" 😀 Zoë ", key), `😀…~${hmacTag("😀 Zoë", key)}`);
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1 }), fc.string({ unit: "binary", minLength: 1 }), (v, k) => {
        fc.pre(v.trim() !== "" && !v.includes("@"));
        assert.equal(maskPersonal(v, k), `${Array.from(v.trim())[0]}…~${hmacTag(v, k)}`);
      }),
    );
  });

  it("gives another team another tag for the same person", () => {
    assert.notEqual(maskEmail("ada@example.com", "team-a"), maskEmail("ada@example.com", "team-b"));
  });
});

describe("maskLogBody", () => {
  it("redacts secrets and masks a User's personal attributes, keeping what explains a failure", () => {
    const masked = body({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "ada@example.com",
      externalId: "00u1abcd",
      name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" },
      displayName: "Ada Lovelace",
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      phoneNumbers: [{ value: "+44 20 7946 0000", type: "mobile" }],
      password: "hunter2!",
      active: true,
      title: "Engineer",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "E-42", manager: { value: "m-1", displayName: "Charles Babbage" } },
      "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User": { role: "admin" },
    });
    const text = JSON.stringify(masked);
    assert.deepEqual(leaks(text, "Lovelace", "ada@example.com", "hunter2", "7946", "E-42", "Babbage"), []);
    assert.equal(masked.password, "[redacted]");
    assert.equal(masked.externalId, "00u1abcd");
    assert.equal(masked.active, true);
    assert.equal(masked.title, "Engineer");
    assert.equal(masked.emails[0].type, "work");
    assert.equal(masked.emails[0].primary, true);
    assert.equal(masked["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager.value, "m-1");
    assert.equal(masked["urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User"].role, "admin");
    // The same address is the same mask in userName and emails: rows and fields can be matched up.
    assert.equal(masked.userName, masked.emails[0].value);
  });

  it("reads PATCH operation values in the context of their path, path-less values by their keys", () => {
    const masked = body({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: "name.givenName", value: "Ada" },
        { op: "replace", path: 'emails[type eq "work"].value', value: "ada@example.com" },
        { op: "replace", path: "displayName", value: "Ada Lovelace" },
        { op: "replace", value: { "name.familyName": "Lovelace", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "E-42", active: false } },
        { op: "replace", path: "active", value: false },
        { op: "add", path: "roles", value: [{ value: "admin", primary: true }] },
      ],
    });
    assert.deepEqual(leaks(JSON.stringify(masked), "Ada", "Lovelace", "ada@example.com", "E-42"), []);
    assert.equal(masked.Operations[0].path, "name.givenName");
    assert.equal(masked.Operations[1].path, 'emails[type eq "work"].value');
    assert.equal(masked.Operations[3].value.active, false);
    assert.equal(masked.Operations[4].value, false);
    assert.deepEqual(masked.Operations[5].value, [{ value: "admin", primary: true }]);
  });

  it("keeps a Group's name and member ids but masks its members' display names", () => {
    const masked = body(
      { displayName: "Engineering", externalId: "g-1", members: [{ value: "5d2c0f3e-0000-4000-8000-000000000001", display: "Ada Lovelace" }] },
      "Group",
    );
    assert.equal(masked.displayName, "Engineering");
    assert.equal(masked.members[0].value, "5d2c0f3e-0000-4000-8000-000000000001");
    assert.match(masked.members[0].display, /^A…~/);
    const patch = body({ Operations: [{ op: "add", path: "members", value: [{ value: "x", display: "Grace Hopper" }] }] }, "Group");
    assert.deepEqual(leaks(JSON.stringify(patch), "Hopper"), []);
  });

  it("keeps the error a response explained, masking an address inside its detail", () => {
    const masked = body({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: 'userName "ada@example.com" is taken' });
    assert.equal(masked.scimType, "uniqueness");
    assert.match(masked.detail, /^userName "a…@example\.com~[0-9a-f]{6}" is taken$/);
  });

  it("keeps a few resources of a list response and says how many were left out", () => {
    const masked = body({ totalResults: 5, Resources: [1, 2, 3, 4, 5].map((i) => ({ id: `id-${i}`, userName: `u${i}@example.com` })) });
    assert.equal(masked.totalResults, 5);
    assert.equal(masked.Resources.length, 4);
    assert.equal(masked.Resources[3], "… 2 more not kept");
    assert.equal(masked.Resources[0].id, "id-1");
  });

  it("survives hostile bodies: __proto__ keys stay plain keys, deep nesting is cut", () => {
    const proto = maskLogBody('{"__proto__":{"userName":"ada@example.com"},"constructor":1}', "User", { key })!;
    assert.ok(!proto.includes("ada@example.com"));
    assert.ok(proto.includes('"__proto__":{'));
    const deep = maskLogBody("[".repeat(50_000) + "]".repeat(50_000), "User", { key })!;
    assert.ok(deep.includes("[nested too deep; not kept]"));
  });

  it("cuts a hostile value before masking it: a 300,000-character name is kept as its start and its size", () => {
    const body = JSON.stringify({ name: { givenName: "n".repeat(300_000) }, externalId: `${"x".repeat(2_000)} ada@example.com` });
    const masked = JSON.parse(maskLogBody(body, "User", { key, maxChars: 100_000 })!);
    assert.match(masked.name.givenName, /^n…~[0-9a-f]{6}… \[300000 characters in all\]$/);
    assert.equal(masked.externalId, `${"x".repeat(1_024)}… [2016 characters in all]`);
  });

  it("does not keep text that is not JSON, and truncates long bodies", () => {
    assert.equal(maskLogBody("{ada@example.com", "User", { key }), "[16 characters that are not JSON; not kept]");
    assert.equal(maskLogBody("", "User", { key }), null);
    const long = maskLogBody(JSON.stringify({ externalId: "x".repeat(100) }), "User", { key, maxChars: 20 })!;
    assert.match(long, /^.{20}… \[truncated, \d+ characters in all\]$/);
  });
});

describe("maskLogPath", () => {
  it("decodes the query and masks personal filter values and addresses", () => {
    const shown = maskLogPath("/api/scim/v2/Users?filter=userName%20eq%20%22ada%40example.com%22&startIndex=1", key);
    assert.match(shown, /^\/api\/scim\/v2\/Users\?filter=userName eq "a…@example\.com~[0-9a-f]{6}"&startIndex=1$/);
    assert.equal(
      maskLogPath('/api/scim/v2/Users?filter=title+eq+"Engineer"+and+name.familyName+sw+"Love"', key).includes("Love"),
      false,
    );
    assert.equal(maskLogPath('/api/scim/v2/Groups?filter=displayName eq "Engineering"', key), '/api/scim/v2/Groups?filter=displayName eq "Engineering"');
    assert.equal(maskLogPath("/api/scim/v2/Users?filter=%ZZ", key), "/api/scim/v2/Users?filter=%ZZ");
  });
});

describe("helpers", () => {
  it("finds the attribute a key or path is about, and the resource kind of a path", () => {
    assert.equal(attributeRoot("name.givenName"), "name");
    assert.equal(attributeRoot('emails[type eq "work"].value'), "emails");
    assert.equal(attributeRoot("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"), "employeenumber");
    assert.equal(resourceKindOfPath("/api/scim/v2/Users/abc"), "User");
    assert.equal(resourceKindOfPath("/api/scim/v2/Groups?filter=x"), "Group");
    assert.equal(resourceKindOfPath("/api/scim/v2/Schemas"), null);
  });
});
