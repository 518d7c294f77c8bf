import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bulkRefusal, groupSkipped } from "./bulk-refusal";
import { IDP_ROLE, LAST_OWNER, OWNER_ONLY, SCIM_STATUS, SELF } from "./member-controls";

const admin = { membershipId: "me", role: "ADMIN" as const };
const owner = { membershipId: "me", role: "OWNER" as const };
const member = { id: "m1", role: "MEMBER" as const, status: "ACTIVE" as const, source: "MANUAL" as const, roleSource: "MANUAL" as const };

describe("bulkRefusal", () => {
  it("lets a plain change through", () => {
    assert.equal(bulkRefusal(admin, member, 1, { kind: "deactivate" }), null);
    assert.equal(bulkRefusal(admin, member, 1, { kind: "role", role: "ADMIN" }), null);
    assert.equal(bulkRefusal(admin, member, 1, { kind: "remove" }), null);
  });

  it("gives the dialog's reasons: IdP locks, owners, self, last owner", () => {
    assert.equal(bulkRefusal(admin, { ...member, source: "SCIM" }, 1, { kind: "deactivate" }), SCIM_STATUS);
    assert.equal(bulkRefusal(admin, { ...member, roleSource: "GROUP" }, 1, { kind: "role", role: "ADMIN" }), IDP_ROLE.GROUP);
    assert.equal(bulkRefusal(admin, { ...member, role: "OWNER" }, 2, { kind: "remove" }), OWNER_ONLY);
    assert.equal(bulkRefusal(admin, { ...member, id: "me" }, 1, { kind: "deactivate" }), SELF);
    assert.equal(bulkRefusal(owner, { ...member, role: "OWNER" }, 1, { kind: "remove" }), LAST_OWNER);
    assert.equal(bulkRefusal(admin, member, 1, { kind: "role", role: "OWNER" }), "Only owners can make someone an owner.");
  });

  it("skips members already in the wanted state", () => {
    assert.equal(bulkRefusal(admin, member, 1, { kind: "role", role: "MEMBER" }), "Already a member.");
    assert.equal(bulkRefusal(admin, { ...member, status: "DEACTIVATED" }, 1, { kind: "deactivate" }), "Already deactivated.");
    assert.equal(bulkRefusal(admin, member, 1, { kind: "reactivate" }), "Already active.");
  });
});

describe("groupSkipped", () => {
  it("groups members by reason, in first-seen order", () => {
    assert.deepEqual(
      groupSkipped([
        { email: "a@x", reason: "R1" },
        { email: "b@x", reason: "R2" },
        { email: "c@x", reason: "R1" },
      ]),
      [
        { reason: "R1", emails: ["a@x", "c@x"] },
        { reason: "R2", emails: ["b@x"] },
      ],
    );
  });
});
