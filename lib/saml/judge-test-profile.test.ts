import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { judgeTestProfile } from "./judge-test-profile";

const expected = { teamId: "t1", clientID: "c1", trustedDomains: ["acme.test"] };
const profile = (email: string | undefined, requested: Record<string, unknown> = { tenant: "t1", idp_hint: "c1" }) => ({ email, requested });

describe("judgeTestProfile", () => {
  it("passes an address on a domain routed to the tested connection, answered by its IdP", () => {
    assert.deepEqual(judgeTestProfile(profile(" Ada@ACME.test "), "c1", expected), { ok: true, email: "ada@acme.test" });
  });
  it("fails an answer from another connection or team, or no answer", () => {
    assert.equal(judgeTestProfile(profile("ada@acme.test"), "c2", expected).ok, false);
    assert.equal(judgeTestProfile(profile("ada@acme.test"), null, expected).ok, false);
    assert.equal(judgeTestProfile(profile("ada@acme.test", { tenant: "t2", idp_hint: "c1" }), "c1", expected).ok, false);
    assert.equal(judgeTestProfile(null, "c1", expected).ok, false);
  });
  it("fails, saying why, without an address or with one on a domain routed elsewhere", () => {
    const none = judgeTestProfile(profile(undefined), "c1", expected);
    assert.ok(!none.ok && /sent no email/.test(none.message));
    const elsewhere = judgeTestProfile(profile("bob@other.test"), "c1", expected);
    assert.ok(!elsewhere.ok && /other\.test does not route to this connection \(it serves acme\.test\)/.test(elsewhere.message));
  });
});
