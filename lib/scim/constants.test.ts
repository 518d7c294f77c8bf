import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as c from "./constants";

describe("SCIM constants", () => {
  it("uses the RFC 7643/7644 URNs, with the Gatehouse extension beside the enterprise one", () => {
    assert.equal(c.USER_SCHEMA, "urn:ietf:params:scim:schemas:core:2.0:User");
    assert.equal(c.GROUP_SCHEMA, "urn:ietf:params:scim:schemas:core:2.0:Group");
    assert.equal(c.ENTERPRISE_USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    assert.equal(c.GATEHOUSE_USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User");
    assert.equal(c.LIST_RESPONSE_SCHEMA, "urn:ietf:params:scim:api:messages:2.0:ListResponse");
    assert.equal(c.PATCH_OP_SCHEMA, "urn:ietf:params:scim:api:messages:2.0:PatchOp");
    assert.equal(c.ERROR_SCHEMA, "urn:ietf:params:scim:api:messages:2.0:Error");
  });

  it("caps pages and bodies", () => {
    assert.equal(c.MAX_PAGE_SIZE, 200);
    assert.equal(c.MAX_BODY_BYTES, 1_000_000);
  });
});
