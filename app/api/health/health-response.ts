import type { DatabaseHealth } from "@/lib/db/health";

/** What /api/health answers: 200 while the database answers, 503 with the reason while it does not. */
export function healthResponse(database: DatabaseHealth): Response {
  const ok = database === "ok";
  return Response.json(ok ? { status: "ok" } : { status: "unavailable", database }, {
    status: ok ? 200 : 503,
    // A cached "ok" would keep traffic on an instance whose database has gone.
    headers: { "Cache-Control": "no-store" },
  });
}
