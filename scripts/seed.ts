// npm run db:seed — a demo team "acme" with an owner and a few members (one deactivated).
// Idempotent: an existing team is left as it is. Local accounts share the demo password.
import { fileURLToPath } from "node:url";
import type { AdapterHandle } from "../lib/db/adapter";
import { openDatabase } from "../lib/db/open";
import { env } from "../lib/env";
import { addMember } from "../lib/members/add-member";
import { hashPassword } from "../lib/auth/password";
import { systemActor } from "../lib/audit/actor";
import type { Db } from "../lib/members/types";

export const DEMO_TEAM = { slug: "acme", name: "Acme Inc." };
export const DEMO_OWNER_EMAIL = "owner@acme.test";
export const demoPassword = () => env().SEED_OWNER_PASSWORD ?? "gatehouse-demo";

const PEOPLE = [
  { email: DEMO_OWNER_EMAIL, givenName: "Olivia", familyName: "Owner", role: "OWNER" },
  { email: "admin@acme.test", givenName: "Ada", familyName: "Admin", role: "ADMIN" },
  { email: "maya@acme.test", givenName: "Maya", familyName: "Member", role: "MEMBER" },
  { email: "sam@acme.test", givenName: "Sam", familyName: "Stone", role: "MEMBER" },
  { email: "dan@acme.test", givenName: "Dan", familyName: "Departed", role: "MEMBER", status: "DEACTIVATED" },
] as const;

/**
 * Whether the demo team is missing, asked in plain SQL: on a restart (it exists) `npm start` then
 * never runs a Prisma query of its own, whose engine would cost start-up time and memory.
 */
export async function demoTeamMissing(adapter: AdapterHandle): Promise<boolean> {
  const rows = await adapter.transaction((sql) => sql.query(`SELECT 1 FROM "Team" WHERE slug = $1`, [DEMO_TEAM.slug]));
  return rows.length === 0;
}

/**
 * npm start's seeding: the demo team on a database that holds no team and no account yet, never
 * after. It seeded whenever no team was called "acme": renaming the demo team, or deleting it, and
 * restarting made a second one, whose adding of the existing demo accounts (addMember with a
 * password) cleared their passwords (found by review), and took the renamed team's old address.
 */
export async function seedOnFirstStart(adapter: AdapterHandle, db: Db): Promise<"created" | "skipped"> {
  const [used] = await adapter.transaction((sql) => sql.query<{ used: boolean }>(`SELECT EXISTS (SELECT 1 FROM "Team") OR EXISTS (SELECT 1 FROM "User") AS used`));
  if (used!.used) return "skipped";
  return (await seed(db)) === "created" ? "created" : "skipped";
}

export async function seed(db: Db): Promise<"created" | "exists"> {
  if (await db.team.findUnique({ where: { slug: DEMO_TEAM.slug } })) return "exists";
  const team = await db.team.create({ data: DEMO_TEAM });
  const passwordHash = await hashPassword(demoPassword());
  const actor = systemActor("seed");
  for (const p of PEOPLE) {
    await addMember(
      db,
      {
        teamId: team.id,
        email: p.email,
        givenName: p.givenName,
        familyName: p.familyName,
        nameFormatted: `${p.givenName} ${p.familyName}`,
        role: p.role,
        status: "status" in p ? p.status : "ACTIVE",
        source: "MANUAL",
        passwordHash,
      },
      actor,
    );
  }
  return "created";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { db, close } = await openDatabase();
  try {
    const result = await seed(db);
    console.log(result === "created" ? `Seeded team "${DEMO_TEAM.slug}" (owner ${DEMO_OWNER_EMAIL}).` : `Team "${DEMO_TEAM.slug}" already exists; seed skipped.`);
  } finally {
    await close();
  }
}
