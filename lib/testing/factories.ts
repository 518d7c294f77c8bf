// Small builders for integration tests: a team with an owner, and members in it.
import crypto from "node:crypto";
import type { Actor } from "../audit/actor";
import { addMember, type AddMemberInput } from "../members/add-member";
import type { Db } from "../members/types";

export const testActor: Actor = { type: "system", label: "test" };

export async function createTeam(db: Db, slug = `team-${crypto.randomBytes(4).toString("hex")}`) {
  return db.team.create({ data: { slug, name: `Team ${slug}` } });
}

export async function createMember(db: Db, teamId: string, input: Partial<AddMemberInput> = {}) {
  const email = input.email ?? `user-${crypto.randomBytes(4).toString("hex")}@example.test`;
  return addMember(db, { teamId, source: "MANUAL", role: "MEMBER", ...input, email }, testActor);
}

/**
 * `count` members of a team written directly, not through the domain layer (thousands of audited
 * adds would take minutes): for tests about size, not about how members join. Returns their ids.
 */
export async function createManyMembers(db: Db, teamId: string, count: number, domain = `${crypto.randomBytes(4).toString("hex")}.test`): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => ({ id: crypto.randomUUID(), email: `u${i}@${domain}`, emailNormalized: `u${i}@${domain}` }));
  await db.user.createMany({ data: users });
  const members = users.map((u) => ({ id: crypto.randomUUID(), teamId, userId: u.id, userName: u.email, userNameNormalized: u.email, email: u.email, emailNormalized: u.email }));
  await db.membership.createMany({ data: members });
  return members.map((m) => m.id);
}
