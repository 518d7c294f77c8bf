import crypto from "node:crypto";
import { systemActor } from "../audit/actor";
import { hashPassword } from "../auth/password";
import { addMember } from "../members/add-member";
import type { Db } from "../members/types";
import { createScimToken } from "../scim-tokens/create-token";

export type TestTeamInput = {
  members: { email: string; role: "OWNER" | "ADMIN" | "MEMBER"; deactivated: boolean; password: boolean; source?: "MANUAL" | "SCIM" }[];
  scimToken: boolean;
  /** This many more members (member-00001@bulk.test, …), written in bulk, not through the audited path. */
  bulkMembers?: number;
};

/** A team with a unique slug and an owner who can sign in with a password; for e2e fixtures. */
export async function createTestTeam(db: Db, input: TestTeamInput) {
  const id = crypto.randomBytes(4).toString("hex");
  const slug = `e2e-${id}`;
  const password = `pw-${crypto.randomBytes(8).toString("hex")}`;
  const passwordHash = await hashPassword(password);
  const team = await db.team.create({ data: { slug, name: `E2E ${id}` } });
  const actor = systemActor("e2e");
  const owner = { email: `owner-${id}@e2e.test`, password };
  const ownerMember = await addMember(db, { teamId: team.id, email: owner.email, displayName: "Test Owner", role: "OWNER", source: "MANUAL", passwordHash }, actor);
  // The team's profile names the owner, and so does their own account (invitations they send are
  // signed with the account's name).
  await db.user.update({ where: { id: ownerMember.userId }, data: { name: "Test Owner" } });
  for (const m of input.members) {
    await addMember(
      db,
      { teamId: team.id, email: m.email, role: m.role, status: m.deactivated ? "DEACTIVATED" : "ACTIVE", source: m.source ?? "MANUAL", passwordHash: m.password ? passwordHash : undefined },
      actor,
    );
  }
  if (input.bulkMembers) await addBulkMembers(db, team.id, input.bulkMembers);
  const token = input.scimToken ? await createScimToken(db, { teamId: team.id, name: "e2e", mayManageOwners: true }, actor) : null;
  return { slug, teamId: team.id, owner, password, scimToken: token?.secret ?? null };
}

/**
 * Many members at once for big-team tests: every third has signed in (newest for the highest
 * number), every tenth is deactivated. Emails are per team, users are shared by address.
 */
async function addBulkMembers(db: Db, teamId: string, count: number) {
  const start = Date.UTC(2026, 0, 1);
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - offset) }, (_, k) => {
      const i = offset + k + 1;
      const email = `member-${String(i).padStart(5, "0")}@bulk-${teamId.slice(0, 8)}.test`;
      return { i, email, userId: crypto.randomUUID() };
    });
    await db.user.createMany({ data: rows.map((r) => ({ id: r.userId, email: r.email, emailNormalized: r.email })) });
    await db.membership.createMany({
      data: rows.map((r) => ({
        teamId,
        userId: r.userId,
        userName: r.email,
        userNameNormalized: r.email,
        email: r.email,
        emailNormalized: r.email,
        displayName: `Person ${String(r.i).padStart(5, "0")}`,
        status: r.i % 10 === 0 ? ("DEACTIVATED" as const) : ("ACTIVE" as const),
        lastLoginAt: r.i % 3 === 0 ? new Date(start + r.i * 60_000) : null,
        createdAt: new Date(start + r.i * 1000),
      })),
    });
  }
}
