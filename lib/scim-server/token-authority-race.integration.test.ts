// A SCIM request reads its token's owner authority when it authenticates, then reads its body,
// which may take minutes to arrive (Node's request timeout is 300 s). A write opened before its
// token's creator was demoted or removed went ahead with the owner's authority read before (found
// by review): it made the demoted owner an owner again through an Owner-mapped group, or created
// an owner. The write reads the authority again once it holds the team. The body here arrives
// only when the test lets it, after the demotion has committed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { routeScim } from "../../app/api/scim/v2/router";
import type { Actor } from "../audit/actor";
import { useDatabaseForTests } from "../db/client";
import { setGroupRole } from "../groups/set-group-role";
import { addMember } from "../members/add-member";
import { removeMember } from "../members/remove-member";
import { updateMember } from "../members/update-member";
import { createScimToken } from "../scim-tokens/create-token";
import { testActor } from "../testing/factories";
import { BASE, GROUP_SCHEMA, PATCH_SCHEMA, ROLE_EXT, oktaUser, scimClient } from "../testing/scim-harness";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

/** A request whose body is asked for (the token already checked) and sent only on `release()`. */
function slowRequest(token: string, method: string, path: string, body: unknown) {
  let release!: () => void;
  let asked!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const bodyAsked = new Promise<void>((r) => (asked = r));
  const text = new TextEncoder().encode(JSON.stringify(body));
  const stream = new ReadableStream<Uint8Array>({
    async pull(c) {
      asked();
      await gate;
      c.enqueue(text);
      c.close();
    },
  });
  const url = new URL(BASE + path);
  const route = routeScim(method, url.pathname.slice(new URL(BASE).pathname.length))!;
  const req = new Request(url, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: stream, duplex: "half" } as RequestInit);
  const done = route.handler!(req, { params: Promise.resolve(route.params) }).then(async (res) => ({ status: res.status, body: await res.json().catch(() => null) }));
  return { release, bodyAsked, done };
}

/** Two owners; Alice's token, made with an owner's authority. */
async function twoOwners(slug: string) {
  const team = await t.db.team.create({ data: { slug, name: slug } });
  const alice = await addMember(t.db, { teamId: team.id, email: `alice@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
  const bob = await addMember(t.db, { teamId: team.id, email: `bob@${slug}.test`, role: "OWNER", source: "MANUAL" }, testActor);
  const asAlice: Actor = { type: "user", userId: alice.userId, label: alice.email, mayManageOwners: true };
  const asBob: Actor = { type: "user", userId: bob.userId, label: bob.email, mayManageOwners: true };
  const token = await createScimToken(t.db, { teamId: team.id, name: "Alice's Okta", mayManageOwners: true }, asAlice);
  return { team, alice, asBob, token: token.secret };
}

describe("a SCIM write holds its token's owner authority as it is when the write happens", () => {
  it("a group PATCH opened before its creator's demotion does not make her an owner again", async () => {
    const { team, alice, asBob, token } = await twoOwners(`slow-group-${Date.now()}`);
    const scim = scimClient(t.db, token);
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName: "Owners" } });
    await setGroupRole(t.db, { teamId: team.id, groupId: group.body.id, role: "OWNER" }, asBob);
    const pending = slowRequest(token, "PATCH", `/Groups/${group.body.id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: [{ value: alice.id }] }] });
    await pending.bodyAsked;
    await updateMember(t.db, { teamId: team.id, membershipId: alice.id }, { role: "ADMIN" }, asBob);
    pending.release();
    const answer = await pending.done;
    assert.equal(answer.status, 409, JSON.stringify(answer));
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: alice.id } })).role, "ADMIN");
    // Retried, it acts as an admin's token: refused for the Owner group.
    assert.equal((await scim("PATCH", `/Groups/${group.body.id}`, { body: { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: [{ value: alice.id }] }] } })).status, 403);
  });

  it("a POST of an owner opened before its creator was removed creates no owner", async () => {
    const slug = `slow-post-${Date.now()}`;
    const { team, alice, asBob, token } = await twoOwners(slug);
    const pending = slowRequest(token, "POST", "/Users", oktaUser(`carol@${slug}.test`, { [ROLE_EXT]: { role: "owner" } }));
    await pending.bodyAsked;
    await removeMember(t.db, { teamId: team.id, membershipId: alice.id }, asBob);
    pending.release();
    const answer = await pending.done;
    assert.equal(answer.status, 409, JSON.stringify(answer));
    assert.equal(await t.db.membership.count({ where: { teamId: team.id, userNameNormalized: `carol@${slug}.test` } }), 0);
  });
});
