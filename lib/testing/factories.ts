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
