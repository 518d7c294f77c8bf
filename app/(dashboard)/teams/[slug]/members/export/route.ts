import { standingHolds } from "@/lib/audit/standing";
import { getTeamContext } from "@/lib/auth/team-context";
import { membersCsvStream } from "@/lib/members/export-members-csv";
import { DEFAULT_DIRECTION } from "@/lib/members/member-sort";
import { listQuerySchema } from "../_lib/list-query";

// GET /teams/<slug>/members/export?q=&status=&role=&sort=&dir= – the filtered member list as CSV,
// streamed in the page's order. Same filters as the page; owners and admins only.
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  if (!ctx.can("members.export")) return new Response("You don't have permission to export the member list.", { status: 403 });
  const query = listQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const filter = { teamId: ctx.team.id, search: query.q || undefined, status: query.status, role: query.role };
  const sort = query.sort ?? "created";
  const dir = query.dir ?? DEFAULT_DIRECTION[sort];
  const date = new Date().toISOString().slice(0, 10);
  const stillAllowed = () => standingHolds(ctx.db, ctx.team.id, ctx.actor);
  return new Response(membersCsvStream(ctx.db, filter, sort, dir, stillAllowed), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.team.slug}-members-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
