import crypto from "node:crypto";
import type { Db } from "../members/types";

/**
 * Adds `count` active members to a team with batched createMany: the audited one-at-a-time path
 * (addMember) would take minutes for the 5,000-member pages the accessibility e2e checks. No audit
 * events are written: these rows stand for a directory imported before the log existed.
 */
export async function addBulkMembers(db: Db, teamId: string, count: number, batch = 2500) {
  const tag = crypto.randomBytes(3).toString("hex");
  for (let start = 0; start < count; start += batch) {
    const users = [];
    const memberships = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const email = `person${i}.${tag}@bulk.test`;
      const userId = crypto.randomUUID();
      users.push({ id: userId, email, emailNormalized: email, name: `Person ${i}` });
      memberships.push({
        teamId,
        userId,
        role: "MEMBER" as const,
        status: i % 10 === 9 ? ("DEACTIVATED" as const) : ("ACTIVE" as const),
        source: i % 2 ? ("SCIM" as const) : ("MANUAL" as const),
        userName: email,
        userNameNormalized: email,
        email,
        emailNormalized: email,
        createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000),
      });
    }
    await db.user.createMany({ data: users });
    await db.membership.createMany({ data: memberships });
  }
}
