// A setup link acts with its maker's authority: once the owner who made it is removed, deactivated
// or demoted, the link opens nothing, so an owner on their way out cannot keep one and, after
// leaving, make SCIM tokens or add an IdP of their own through it (found by review: each of these
// went through before). The link is made and used through the actions, as in the browser.
import { inRequest, sessionCookie } from "@/lib/testing/action-request";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "@/lib/db/client";
import { removeMember } from "@/lib/members/remove-member";
import { updateMember } from "@/lib/members/update-member";
import { listSetupLinks, openSetupLink, revokeSetupLink } from "@/lib/saml/setup-links";
import { directQueryFor, registerDirectQuery } from "@/lib/db/direct-query";
import type { Db } from "@/lib/members/types";
import { pausingAfter } from "@/lib/testing/pause-after";
import { createMember, createTeam, testActor } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

type State = { status: string; message?: string; secret?: { value: string } };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

async function answer(outcome: Promise<unknown>): Promise<State> {
  const settled = (await outcome) as { answer?: State };
  assert.ok(settled.answer, JSON.stringify(settled));
  return settled.answer;
}

/** A team of two owners; the first makes a 7-day setup link on the SSO page. */
async function linkMadeByAnOwner() {
  const team = await createTeam(t.db);
  const maker = await createMember(t.db, team.id, { email: `maker@${team.slug}.test`, role: "OWNER" });
  await createMember(t.db, team.id, { email: `other@${team.slug}.test`, role: "OWNER" });
  const { createSetupLinkAction } = await import("@/app/(dashboard)/teams/[slug]/sso/actions");
  const made = await answer(inRequest({ cookie: await sessionCookie(t.db, maker.userId) }, () => createSetupLinkAction(team.slug, { status: "idle" } as never, form({ days: "7" }))));
  assert.equal(made.status, "success", JSON.stringify(made));
  const secret = made.secret!.value.split("/setup-sso/")[1]!;
  return { team, maker, secret };
}

async function throughTheLink(secret: string, slug: string) {
  const { addDomainAction, createScimTokenAction } = await import("./actions");
  const token = await answer(inRequest({}, () => createScimTokenAction(secret, { status: "idle" } as never, form({ name: `token ${slug}` }))));
  const domain = await answer(inRequest({}, () => addDomainAction(secret, { status: "idle" } as never, form({ domain: `corp-${slug}.example.com` }))));
  return { token, domain };
}

describe("a setup link whose maker no longer manages the team", () => {
  it("works while its maker is an owner", async () => {
    const { team, secret } = await linkMadeByAnOwner();
    assert.deepEqual((await listSetupLinks(t.db, team.id)).map((l) => l.makerGone), [false]);
    const { token, domain } = await throughTheLink(secret, team.slug);
    assert.equal(token.status, "success", JSON.stringify(token));
    assert.equal(domain.status, "success", JSON.stringify(domain));
  });

  const ways = {
    removed: (teamId: string, membershipId: string) => removeMember(t.db, { teamId, membershipId }, testActor),
    deactivated: (teamId: string, membershipId: string) => updateMember(t.db, { teamId, membershipId }, { status: "DEACTIVATED" }, testActor),
    "demoted to admin": (teamId: string, membershipId: string) => updateMember(t.db, { teamId, membershipId }, { role: "ADMIN" }, testActor),
  };
  for (const [way, lose] of Object.entries(ways)) {
    it(`opens nothing once its maker is ${way}: no SCIM token, no domain`, async () => {
      const { team, maker, secret } = await linkMadeByAnOwner();
      await lose(team.id, maker.id);
      assert.deepEqual(await openSetupLink(t.db, secret), { ok: false, reason: "maker_gone" });
      // The SSO page lists it as stopped, not active, so the other owners see it and may revoke it.
      assert.deepEqual((await listSetupLinks(t.db, team.id)).map((l) => l.makerGone), [true]);
      const { token, domain } = await throughTheLink(secret, team.slug);
      assert.equal(token.status, "error");
      assert.match(token.message ?? "", /no longer manages the team/);
      assert.equal(domain.status, "error");
      assert.equal(await t.db.scimToken.count({ where: { teamId: team.id } }), 0);
      assert.equal(await t.db.teamDomain.count({ where: { teamId: team.id } }), 0);
    });
  }

  it("works again if its maker is made an owner again", async () => {
    const { team, maker, secret } = await linkMadeByAnOwner();
    await updateMember(t.db, { teamId: team.id, membershipId: maker.id }, { role: "ADMIN" }, testActor);
    assert.equal((await openSetupLink(t.db, secret)).ok, false);
    await updateMember(t.db, { teamId: team.id, membershipId: maker.id }, { role: "OWNER" }, testActor);
    assert.equal((await openSetupLink(t.db, secret)).ok, true);
  });
});

// The link is opened (checked) when the request begins; its write may come seconds later (a
// metadata URL fetched first). Revoked, or its maker demoted, in between, the write went ahead
// with the authority read before: a SCIM token made after the revocation outlived it (found by
// review). The write holds the link and its maker's role (lib/audit/standing.ts).
describe("a setup link closed while its request is on its way", () => {
  const closings = {
    revoked: (teamId: string, linkId: string) => revokeSetupLink(t.db, teamId, linkId, testActor),
    "its maker demoted": async (teamId: string, _linkId: string, makerId: string) => {
      await updateMember(t.db, { teamId, membershipId: makerId }, { role: "ADMIN" }, testActor);
    },
  };
  for (const [way, close] of Object.entries(closings)) {
    it(`${way} after the link was checked: the SCIM token is not made`, async () => {
      const { team, maker, secret } = await linkMadeByAnOwner();
      assert.equal((await openSetupLink(t.db, secret)).ok, true);
      const link = (await listSetupLinks(t.db, team.id))[0]!;
      // Once openSetupLink has read the maker's membership, the link is closed and that commits.
      const paused = pausingAfter(t.db, "membership", "findFirst", () => close(team.id, link.id, maker.id)) as Db;
      const direct = directQueryFor(t.db);
      if (direct) registerDirectQuery(paused, direct);
      useDatabaseForTests(paused);
      let token: State;
      try {
        const { createScimTokenAction } = await import("./actions");
        token = await answer(inRequest({}, () => createScimTokenAction(secret, { status: "idle" } as never, form({ name: "in flight" }))));
      } finally {
        useDatabaseForTests(t.db);
      }
      assert.equal(token.status, "error", JSON.stringify(token));
      assert.match(token.message ?? "", /setup link was revoked, expired or lost its maker's authority/);
      assert.equal(await t.db.scimToken.count({ where: { teamId: team.id } }), 0);
    });
  }
});

