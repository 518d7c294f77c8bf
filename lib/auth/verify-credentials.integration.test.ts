import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { deactivateMember } from "../members/lifecycle";
import { hashPassword } from "./password";
import { verifyCredentials } from "./verify-credentials";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

describe("verifyCredentials", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    await createMember(t.db, team.id, { email: "Pat@Example.test", passwordHash: await hashPassword("correct horse") });
    const r = await verifyCredentials(t.db, "pat@EXAMPLE.test", "correct horse");
    assert.equal(r.ok, true);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { email: "kim@example.test", passwordHash: await hashPassword("right") });
    assert.deepEqual(await verifyCredentials(t.db, "kim@example.test", "wrong"), { ok: false, reason: "invalid" });
    assert.deepEqual(await verifyCredentials(t.db, "nobody@example.test", "wrong"), { ok: false, reason: "invalid" });
  });

  it("refuses a person whose only membership is deactivated", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { role: "OWNER" });
    const m = await createMember(t.db, team.id, { email: "gone@example.test", passwordHash: await hashPassword("pw") });
    await deactivateMember(t.db, { teamId: team.id, membershipId: m.id }, testActor);
    assert.deepEqual(await verifyCredentials(t.db, "gone@example.test", "pw"), { ok: false, reason: "deactivated" });
  });

  it("never signs in an account without a password (SSO/SCIM-only people)", async () => {
    const team = await createTeam(t.db);
    await createMember(t.db, team.id, { email: "sso@example.test", source: "SCIM" });
    assert.deepEqual(await verifyCredentials(t.db, "sso@example.test", ""), { ok: false, reason: "invalid" });
  });
});
