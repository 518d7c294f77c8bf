import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./constants";

const base = "https://gh.example/api/scim/v2";

describe("discovery", () => {
  it("advertises PATCH, filter and ETags, and no bulk, sort or password change", () => {
    const spc = serviceProviderConfig(base);
    assert.equal(spc.patch.supported, true);
    assert.equal(spc.filter.supported, true);
    assert.equal(spc.etag.supported, true);
    assert.equal(spc.bulk.supported, false);
    assert.equal(spc.sort.supported, false);
    assert.equal(spc.changePassword.supported, false);
    assert.equal(spc.authenticationSchemes[0].type, "oauthbearertoken");
  });

  it("lists User and Group resource types with the role extension", () => {
    const [user, group] = resourceTypes(base);
    assert.equal(user.endpoint, "/Users");
    assert.ok(user.schemaExtensions?.some((e) => e.schema === GATEHOUSE_USER_SCHEMA));
    assert.equal(group.endpoint, "/Groups");
  });

  it("describes only attributes that are kept, with userName required and unique", () => {
    const user = schemas(base).find((s) => s.id === USER_SCHEMA)!;
    const names = user.attributes.map((a) => a.name);
    assert.ok(["userName", "emails", "active", "phoneNumbers", "addresses", "title", "nickName"].every((n) => names.includes(n)));
    assert.ok(!names.includes("password"), "password is never stored, so not advertised");
    const enterprise = schemas(base).find((s) => s.id === ENTERPRISE_USER_SCHEMA)!;
    assert.deepEqual(enterprise.attributes.map((a) => a.name), ["employeeNumber", "costCenter", "organization", "division", "department", "manager"]);
    const roles = user.attributes.find((a) => a.name === "roles")! as { subAttributes: { name: string; canonicalValues?: string[] }[] };
    assert.deepEqual(roles.subAttributes.find((a) => a.name === "value")?.canonicalValues, ["owner", "admin", "member"]);
    const members = schemas(base).find((s) => s.id === GROUP_SCHEMA)!.attributes.find((a) => a.name === "members")! as typeof roles;
    assert.deepEqual(members.subAttributes.find((a) => a.name === "type")?.canonicalValues, ["User", "Group"]);
    assert.match(String(user.attributes.find((a) => a.name === "active")!.description), /cannot be removed/);
    const userName = user.attributes.find((a) => a.name === "userName")!;
    assert.equal(userName.required, true);
    assert.equal(userName.uniqueness, "server");
    const role = schemas(base).find((s) => s.id === GATEHOUSE_USER_SCHEMA)!.attributes[0];
    assert.deepEqual(role.canonicalValues, ["owner", "admin", "member"]);
  });
});
