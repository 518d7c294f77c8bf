// Two app instances on one database (two PrismaClients, each with its own in-process state: hit
// leases, request-log buffer): what the SCIM hot path's shortcuts must not change.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { applyMigrations } from "../db/migrations";
import type { PrismaClient } from "../db/generated/client";
import { prismaClientOn } from "../db/open";
import { createEmptyDatabase, type EmptyDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { createScimToken } from "../scim-tokens/create-token";
import { revokeScimToken } from "../scim-tokens/revoke-token";
import { authenticateScimToken } from "../scim-tokens/authenticate-token";
import { leaseSizeFor } from "../rate-limit/hit-lease";
import { scimClient } from "../testing/scim-harness";

let empty: EmptyDatabase;
let one: PrismaClient;
let two: PrismaClient;
before(async () => {
  empty = await createEmptyDatabase();
  await applyMigrations(empty.adapter);
  one = prismaClientOn(empty.adapter.factory);
  two = prismaClientOn(empty.adapter.factory);
});
after(async () => {
  await one.$disconnect();
  await two.$disconnect();
  await empty.close();
});

describe("SCIM hot path on two instances", () => {
  it("refuses a token revoked through one instance at the other's very next request", async () => {
    const team = await createTeam(one);
    const token = await createScimToken(one, { teamId: team.id, name: "Okta", mayManageOwners: false }, testActor);
    assert.equal((await scimClient(one, token.secret)("GET", "/Users?filter=userName%20eq%20%22a%40x.test%22")).status, 200);
    assert.equal((await scimClient(two, token.secret)("GET", "/Users?filter=userName%20eq%20%22a%40x.test%22")).status, 200);

    await revokeScimToken(one, { teamId: team.id, tokenId: token.id }, testActor);
    const refused = await scimClient(two, token.secret)("GET", "/Users?filter=userName%20eq%20%22a%40x.test%22");
    assert.equal(refused.status, 401);
    assert.match(refused.body.detail, /revoked/);
  });

  it("shares one rate limit: both instances together never serve more than the limit in a window", async () => {
    const team = await createTeam(one);
    const token = await createScimToken(one, { teamId: team.id, name: "Okta", mayManageOwners: false }, testActor);
    const rule = { limit: 300, windowSeconds: 60 };
    const now = new Date("2026-03-01T10:00:10Z");
    let allowed = 0;
    for (let i = 0; i < 400; i++) {
      const auth = await authenticateScimToken(i % 2 ? one : two, `Bearer ${token.secret}`, { now, rateLimit: rule });
      assert.ok(auth.ok);
      if (auth.rateLimit?.allowed) allowed++;
    }
    // Leased hits an instance has not used yet are lost to the token, never added to it.
    assert.ok(allowed <= 300 && allowed >= 300 - 2 * leaseSizeFor(rule), `allowed ${allowed}`);
    const counted = await one.rateLimit.findUniqueOrThrow({ where: { key: `scim:${token.id}` } });
    assert.ok(counted.count >= allowed, `counted ${counted.count} < served ${allowed}`);
  });
});
