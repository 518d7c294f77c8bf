import crypto from "node:crypto";
import { systemActor } from "../audit/actor";
import { hashPassword } from "../auth/password";
import { addMember } from "../members/add-member";
import type { Db } from "../members/types";
import { createScimToken } from "../scim-tokens/create-token";
import { addBulkMembers } from "./bulk-members";

export type TestTeamInput = {
  members: { email: string; role: "OWNER" | "ADMIN" | "MEMBER"; deactivated: boolean; password: boolean }[];
  scimToken: boolean;
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
      { teamId: team.id, email: m.email, role: m.role, status: m.deactivated ? "DEACTIVATED" : "ACTIVE", source: "MANUAL", passwordHash: m.password ? passwordHash : undefined },
      actor,
    );
  }
  if (input.bulkMembers) await addBulkMembers(db, team.id, input.bulkMembers);
  const token = input.scimToken ? await createScimToken(db, { teamId: team.id, name: "e2e", mayManageOwners: true }, actor) : null;
  return { slug, teamId: team.id, owner, password, scimToken: token?.secret ?? null };
}
