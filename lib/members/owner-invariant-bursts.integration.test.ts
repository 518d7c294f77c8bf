// Randomized bursts of concurrent writes to one team's owners and roles, from every door at once:
// the UI's domain calls (change role, deactivate, reactivate, remove, leave, transfer ownership),
// SCIM tokens with and without an owner's authority, and an admin. On PostgreSQL they really run
// in parallel (opens a schema of its own there, in the embedded run too). Whatever the
// interleaving: the team keeps an active owner, nothing without an owner's authority made or
// changed an owner, every refusal is one the domain means (no deadlock, no lost lock order), and
// every audited role change is what the member's row says last.
import { it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t } = await onPostgresServer({ admin: false });
const { createMember, createTeam } = await import("../testing/factories");
const { updateMember } = await import("./update-member");
const { removeMember } = await import("./remove-member");
const { transferOwnership } = await import("./transfer-ownership");
const { DomainError } = await import("./errors");
type Actor = import("../audit/actor").Actor;
type Role = "OWNER" | "ADMIN" | "MEMBER";

const ROLES: Role[] = ["OWNER", "ADMIN", "MEMBER"];
const ownerToken: Actor = { type: "scim", tokenId: "owner-token", label: "owner token", mayManageOwners: true };
const adminToken: Actor = { type: "scim", tokenId: "admin-token", label: "admin token", mayManageOwners: false };
const owner = (userId: string): Actor => ({ type: "user", userId, label: "an owner", mayManageOwners: true });
const admin = (userId: string): Actor => ({ type: "user", userId, label: "an admin", mayManageOwners: false });

type Op =
  | { kind: "role" | "scimRole"; who: number; role: Role; by: number; token: boolean }
  | { kind: "deactivate" | "reactivate" | "scimDeactivate" | "remove" | "leave"; who: number; by: number; token: boolean }
  | { kind: "transfer"; who: number; by: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom("role" as const, "scimRole" as const), who: fc.nat(7), role: fc.constantFrom(...ROLES), by: fc.nat(7), token: fc.boolean() }),
  fc.record({ kind: fc.constantFrom("deactivate" as const, "reactivate" as const, "scimDeactivate" as const, "remove" as const, "leave" as const), who: fc.nat(7), by: fc.nat(7), token: fc.boolean() }),
  fc.record({ kind: fc.constant("transfer" as const), who: fc.nat(7), by: fc.nat(7) }),
);

it("a burst of owner and role changes from every door keeps an owner and no authority is exceeded", async () => {
  assert.equal(t.kind, "postgres");
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 8, maxLength: 24 }), async (ops) => {
      const team = await createTeam(t.db);
      const roles: Role[] = ["OWNER", "OWNER", "ADMIN", "ADMIN", "ADMIN", "MEMBER", "MEMBER", "MEMBER"];
      const members: Awaited<ReturnType<typeof createMember>>[] = [];
      for (const role of roles) members.push(await createMember(t.db, team.id, { role }));
      const target = (i: number) => ({ teamId: team.id, membershipId: members[i]!.id });
      // The actor as a request would carry it: what the acting member was when the request began.
      const actorOf = (by: number, token: boolean): Actor =>
        token ? (roles[by] === "OWNER" ? ownerToken : adminToken) : roles[by] === "OWNER" ? owner(members[by]!.userId) : admin(members[by]!.userId);
      const run = (o: Op): Promise<unknown> => {
        switch (o.kind) {
          case "role":
            return updateMember(t.db, target(o.who), { role: o.role }, actorOf(o.by, false));
          case "scimRole":
            return updateMember(t.db, target(o.who), { role: o.role, roleSource: "SCIM" }, actorOf(o.by, true));
          case "deactivate":
            return updateMember(t.db, target(o.who), { status: "DEACTIVATED" }, actorOf(o.by, false));
          case "scimDeactivate":
            return updateMember(t.db, target(o.who), { status: "DEACTIVATED" }, actorOf(o.by, true));
          case "reactivate":
            return updateMember(t.db, target(o.who), { status: "ACTIVE" }, actorOf(o.by, o.token));
          case "remove":
            return removeMember(t.db, target(o.who), actorOf(o.by, o.token));
          case "leave":
            return removeMember(t.db, target(o.who), actorOf(o.who, false));
          case "transfer":
            // Acts as the owner it hands the role from, if that member is one when the transfer
            // holds the team (the settings page passes the actor's own membership): whatever the
            // actor was when the request began.
            return transferOwnership(t.db, { teamId: team.id, fromMembershipId: members[o.by]!.id, toMembershipId: members[o.who]!.id }, { ...admin(members[o.by]!.userId), label: "transferring" });
        }
      };
      const outcomes = await Promise.allSettled(ops.map(run));
      for (const [i, r] of outcomes.entries()) {
        if (r.status === "rejected") assert.ok(r.reason instanceof DomainError, `${JSON.stringify(ops[i])} failed with ${String(r.reason)}`);
      }
      const after = await t.db.membership.findMany({ where: { teamId: team.id } });
      assert.ok(after.some((m) => m.role === "OWNER" && m.status === "ACTIVE"), "the team keeps an active owner");
      // Nothing without an owner's authority granted the Owner role, or changed an owner.
      const events = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: { in: ["member.role_changed", "member.deactivated", "member.reactivated", "member.removed"] } } });
      for (const e of events) {
        const details = e.details as { from?: Role; to?: Role; role?: Role } | null;
        const touchedOwner = details?.to === "OWNER" || details?.from === "OWNER" || details?.role === "OWNER";
        if (touchedOwner && e.action !== "member.deactivated" && e.action !== "member.reactivated") {
          assert.ok(!["an admin", "admin token"].includes(e.actorLabel), `${e.actorLabel}: ${e.action} ${JSON.stringify(details)}`);
        }
      }
      // No lost update: each member's last audited role is the role it has.
      for (const m of after) {
        const changes = events.filter((e) => e.targetId === m.id && e.action === "member.role_changed");
        if (changes.length === 0) continue;
        // Two changes can share a millisecond: any of the latest may be the last.
        const latest = Math.max(...changes.map((e) => +e.createdAt));
        const last = changes.filter((e) => +e.createdAt === latest).map((e) => (e.details as { to: Role }).to);
        assert.ok(last.includes(m.role), `member ${m.id}: last audited ${last.join("/")}, has ${m.role}`);
      }
    }),
    { numRuns: 25 },
  );
});
