// GET (and HEAD) /api/health: 200 while this instance can reach its database, 503 while it cannot.
// For load balancers, container health checks and uptime monitors: no sign-in, and it tells
// nothing but that.
import { getDb } from "@/lib/db/client";
import { databaseHealth } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const database = await databaseHealth(getDb);
  const ok = database === "ok";
  return Response.json(ok ? { status: "ok" } : { status: "unavailable", database }, {
    status: ok ? 200 : 503,
    // A cached "ok" would keep traffic on an instance whose database has gone.
    headers: { "Cache-Control": "no-store" },
  });
}
