// A team action checks the person's role once, when it starts, then writes. A demotion or a
// deactivation committing in between used to leave the write to go ahead with the authority read
// before it (found by review): a demoted owner's bulk "make Owner" made her an owner again, a
// deactivated admin's bulk "remove" went on removing, and her in-flight "Generate token" made a
// SCIM token with which she reactivated herself. Every write now holds the role it was checked
// for (lib/audit/standing.ts). The interleavings are forced: the other owner's change runs right
// after the action has read its first membership.
import { inRequest, sessionCookie } from "@/lib/testing/action-request";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { useDatabaseForTests } from "@/lib/db/client";
import { directQueryFor, registerDirectQuery } from "@/lib/db/direct-query";
import type { Db } from "@/lib/members/types";
import { createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

// Imported once the harness has set up the request context (as the action tests do).
const { changeRoleAction, deactivateMemberAction } = await import("./members/actions");
const { bulkMembersAction } = await import("./members/bulk-actions");
const { generateScimTokenAction } = await import("./members/token-actions");
const { deleteTeamAction } = await import("./settings/actions");

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  useDatabaseForTests(t.db);
  await t.close();
});

/** `db`, whose membership.findFirst runs `hook(where)` once it has answered (the hook may run other requests). */
function afterMembershipRead(db: Db, hook: (where: Record<string, unknown>) => Promise<void>): Db {
  const membership = new Proxy(db.membership as object, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "findFirst") return value.bind(target);
      return async (args: { where?: Record<string, unknown> }) => {
        const found = await value.call(target, args);
        await hook(args.where ?? {});
        return found;
      };
    },
  });
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === "membership") return membership;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Db;
  const direct = directQueryFor(db);
  if (direct) registerDirectQuery(proxy, direct);
  return proxy;
}

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};
const idle = { status: "idle" } as never;
const CHANGED = /Your role or access in this team changed while this was being done/;
/** A bulk change stops at the first member its person's changed role refuses, and says so per member. */
const BULK_STOPPED = /your role or access in this team changed while this ran/;
const bulkReasons = (answer: { data?: unknown }) => ((answer.data as { skipped?: { reason: string }[] })?.skipped ?? []).map((s) => s.reason);

/** Runs `action` as `cookie`; `when(where)` picks the membership read after which `meanwhile` runs, once. */
async function interleaved<T>(cookie: string, action: () => Promise<T>, when: (where: Record<string, unknown>) => boolean, meanwhile: () => Promise<unknown>) {
  let armed = true;
  useDatabaseForTests(
    afterMembershipRead(t.db, async (where) => {
      if (!armed || !when(where)) return;
      armed = false;
      await meanwhile();
    }),
  );
  try {
    const out = (await inRequest({ cookie }, action)) as { answer?: { status: string; message?: string; data?: { secret?: string; skipped?: { reason: string }[] } } };
    assert.equal(armed, false, "the other change ran in between");
    assert.ok(out.answer, JSON.stringify(out));
    return out.answer;
  } finally {
    useDatabaseForTests(t.db);
  }
}

async function ownersTeam(eveRole: "OWNER" | "ADMIN") {
  const team = await createTeam(t.db);
  const olivia = await createMember(t.db, team.id, { email: `olivia@${team.slug}.test`, role: "OWNER" });
  const eve = await createMember(t.db, team.id, { email: `eve@${team.slug}.test`, role: eveRole });
  return { team, olivia, eve, oliviaCookie: await sessionCookie(t.db, olivia.userId), eveCookie: await sessionCookie(t.db, eve.userId) };
}

describe("a write holds the role its request was checked for", () => {
  it("an owner demoted while her bulk 'make Owner' runs makes no one an owner, herself included", async () => {
    const { team, eve, oliviaCookie, eveCookie } = await ownersTeam("OWNER");
    const x = await createMember(t.db, team.id, { email: `x@${team.slug}.test`, role: "MEMBER" });
    const answer = await interleaved(
      eveCookie,
      () => bulkMembersAction(idle, form({ slug: team.slug, ids: `${x.id},${eve.id}`, change: "role:OWNER" })),
      (where) => where.id === x.id,
      () => inRequest({ cookie: oliviaCookie }, () => changeRoleAction(idle, form({ slug: team.slug, membershipId: eve.id, role: "MEMBER" }))),
    );
    assert.match(answer.message ?? "", /^Nothing changed\. 2 skipped/);
    assert.ok(bulkReasons(answer).every((r) => BULK_STOPPED.test(r)), JSON.stringify(answer));
    const roles = await t.db.membership.findMany({ where: { id: { in: [eve.id, x.id] } }, select: { role: true } });
    assert.deepEqual(roles.map((r) => r.role), ["MEMBER", "MEMBER"]);
  });

  it("an admin deactivated while her bulk 'remove' runs removes no one after", async () => {
    const { team, eve, oliviaCookie, eveCookie } = await ownersTeam("ADMIN");
    const people: Awaited<ReturnType<typeof createMember>>[] = [];
    for (let i = 0; i < 3; i++) people.push(await createMember(t.db, team.id, { email: `p${i}@${team.slug}.test`, role: "MEMBER" }));
    const answer = await interleaved(
      eveCookie,
      () => bulkMembersAction(idle, form({ slug: team.slug, ids: people.map((p) => p.id).join(","), change: "remove" })),
      (where) => where.id === people[0]!.id,
      () => inRequest({ cookie: oliviaCookie }, () => deactivateMemberAction(idle, form({ slug: team.slug, membershipId: eve.id }))),
    );
    assert.match(answer.message ?? "", /^Nothing changed\. 3 skipped/);
    assert.ok(bulkReasons(answer).every((r) => BULK_STOPPED.test(r)), JSON.stringify(answer));
    assert.equal(await t.db.membership.count({ where: { id: { in: people.map((p) => p.id) } } }), 3);
  });

  it("an admin deactivated while her 'Generate token' runs gets no token", async () => {
    const { team, eve, oliviaCookie, eveCookie } = await ownersTeam("ADMIN");
    // Her session has entered the team before (any page of it), so the first read of her
    // membership is the action's own check.
    const session = await t.db.session.findFirstOrThrow({ where: { userId: eve.userId } });
    await t.db.sessionTeamEntry.create({ data: { sessionId: session.id, teamId: team.id } });
    const answer = await interleaved(
      eveCookie,
      () => generateScimTokenAction(idle, form({ slug: team.slug, name: "Okta" })),
      (where) => where.userId === eve.userId,
      () => inRequest({ cookie: oliviaCookie }, () => deactivateMemberAction(idle, form({ slug: team.slug, membershipId: eve.id }))),
    );
    assert.equal(answer.data?.secret, undefined);
    assert.match(answer.message ?? "", CHANGED);
    assert.equal(await t.db.scimToken.count({ where: { teamId: team.id } }), 0);
  });

  it("an owner's bulk 'make Admin' over herself and two members, herself first, changes all three (her own last)", async () => {
    const { team, eve, eveCookie } = await ownersTeam("OWNER");
    const others = [await createMember(t.db, team.id, { email: `a@${team.slug}.test` }), await createMember(t.db, team.id, { email: `b@${team.slug}.test` })];
    const out = (await inRequest({ cookie: eveCookie }, () => bulkMembersAction(idle, form({ slug: team.slug, ids: [eve.id, ...others.map((o) => o.id)].join(","), change: "role:ADMIN" })))) as { answer: { message: string } };
    assert.match(out.answer.message, /for 3 members/, JSON.stringify(out));
    const roles = await t.db.membership.findMany({ where: { id: { in: [eve.id, ...others.map((o) => o.id)] } }, select: { role: true } });
    assert.deepEqual(roles.map((r) => r.role), ["ADMIN", "ADMIN", "ADMIN"]);
  });

  it("an owner demoted while her 'Delete team' runs deletes nothing", async () => {
    const { team, eve, oliviaCookie, eveCookie } = await ownersTeam("OWNER");
    const answer = await interleaved(
      eveCookie,
      () => deleteTeamAction(idle, form({ slug: team.slug, confirm: team.slug })),
      (where) => where.userId === eve.userId,
      () => inRequest({ cookie: oliviaCookie }, () => changeRoleAction(idle, form({ slug: team.slug, membershipId: eve.id, role: "ADMIN" }))),
    );
    assert.match(answer.message ?? "", CHANGED);
    assert.equal(await t.db.team.count({ where: { id: team.id } }), 1);
  });

  it("an owner demoting herself, or handing ownership over, still can: her role is held before her own write changes it", async () => {
    const { team, olivia, eve, eveCookie } = await ownersTeam("OWNER");
    const answer = (await inRequest({ cookie: eveCookie }, () => changeRoleAction(idle, form({ slug: team.slug, membershipId: eve.id, role: "ADMIN" })))) as { answer: { status: string } };
    assert.equal(answer.answer.status, "success", JSON.stringify(answer));
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: olivia.id } })).role, "OWNER");
  });
});
