// GET (and HEAD) /api/health: 200 while this instance can reach its database, 503 while it cannot.
// For load balancers, container health checks and uptime monitors: no sign-in, and it tells
// nothing but that (lib/db/health.ts says how it asks).
import { databaseHealth } from "@/lib/db/health";
import { healthResponse } from "./health-response";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return healthResponse(await databaseHealth());
}
