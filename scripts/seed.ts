// npm run db:seed — a demo team "acme" with an owner and a few members (one deactivated).
// Idempotent: an existing team is left as it is, and so are existing demo accounts. Local accounts
// share the demo password.
import { fileURLToPath } from "node:url";
import type { AdapterHandle } from "../lib/db/adapter";
import { openDatabase } from "../lib/db/open";
import { env } from "../lib/env";
import { addMember } from "../lib/members/add-member";
import { hashPassword } from "../lib/auth/password";
import { systemActor } from "../lib/audit/actor";
import { isUniqueViolation } from "../lib/db/errors";
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

export type StartSeeding = { seeded: boolean; demoTeam: boolean; anyTeam: boolean };

/**
 * npm start's seeding: the demo team on a database that holds no team and no account yet, never
 * after. It seeded whenever no team was called "acme": renaming the demo team, or deleting it, and
 * restarting made a second one, whose adding of the existing demo accounts (addMember with a
 * password) cleared their passwords (found by review), and took the renamed team's old address.
 * Also says what the start-up's closing line needs (is the demo team there, is any team), read
 * with the seeding decision in one plain SQL statement: on a restart `npm start` then runs no Prisma
 * query of its own, whose engine would cost start-up time and memory.
 */
export async function seedOnFirstStart(adapter: AdapterHandle, db: Db, enabled = true): Promise<StartSeeding> {
  const [state] = await adapter.transaction((sql) =>
    sql.query<{ anyTeam: boolean; anyAccount: boolean; demoTeam: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "Team") AS "anyTeam", EXISTS (SELECT 1 FROM "User") AS "anyAccount", EXISTS (SELECT 1 FROM "Team" WHERE slug = $1) AS "demoTeam"`,
      [DEMO_TEAM.slug],
    ),
  );
  const { anyTeam, anyAccount, demoTeam } = state!;
  if (!enabled || anyTeam || anyAccount) return { seeded: false, demoTeam, anyTeam };
  const seeded = (await seed(db)) === "created";
  return { seeded, demoTeam: demoTeam || seeded, anyTeam: anyTeam || seeded };
}

/**
 * The demo team, unless a team has its address or an account has a demo address: adding an
 * existing account with the demo password would replace that person's password (the CLI, run
 * after the demo team was renamed, did).
 */
export async function seed(db: Db): Promise<"created" | "exists" | "accounts_exist"> {
  if (await db.team.findUnique({ where: { slug: DEMO_TEAM.slug } })) return "exists";
  if (await db.user.count({ where: { emailNormalized: { in: PEOPLE.map((p) => p.email) } } })) return "accounts_exist";
  let team: { id: string };
  try {
    team = await db.team.create({ data: DEMO_TEAM });
  } catch (e) {
    // Another instance starting on the same new database seeded it a moment ago (found by review:
    // the second instance's start-up stopped on the unique slug).
    if (isUniqueViolation(e)) return "exists";
    throw e;
  }
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
    console.log(
      result === "created"
        ? `Seeded team "${DEMO_TEAM.slug}" (owner ${DEMO_OWNER_EMAIL}).`
        : result === "exists"
          ? `Team "${DEMO_TEAM.slug}" already exists; seed skipped.`
          : `The demo accounts (${DEMO_OWNER_EMAIL} and others) already exist, in a renamed or deleted demo team; seed skipped, their passwords unchanged.`,
    );
  } finally {
    await close();
  }
}
