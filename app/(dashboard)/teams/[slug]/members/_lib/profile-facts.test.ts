import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { profileFacts } from "./profile-facts";

const none = { title: null, department: null, division: null, organization: null, employeeNumber: null, managerDisplayName: null, managerValue: null, costCenter: null };

describe("profileFacts", () => {
  it("lists only what is assigned, with the primary phone and the manager's name before their id", () => {
    const facts = profileFacts({
      ...none,
      title: "CFO",
      department: "Finance",
      managerValue: "m-1",
      managerDisplayName: "Ada",
      profileLists: { phoneNumbers: [{ value: "+1 555 0100" }, { value: "+1 555 0199", primary: true }] },
    });
    assert.deepEqual(facts, [
      { label: "Title", value: "CFO" },
      { label: "Department", value: "Finance" },
      { label: "Manager", value: "Ada" },
      { label: "Phone", value: "+1 555 0199" },
    ]);
    assert.deepEqual(profileFacts({ ...none, profileLists: {} }), []);
  });
});
