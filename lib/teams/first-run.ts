import type { Db } from "../members/types";

/** A server with no team yet shows the first-run page instead of sign-in (GATEHOUSE_SEED=false). */
export async function isFirstRun(db: Db): Promise<boolean> {
  return (await db.team.findFirst({ select: { id: true } })) === null;
}
