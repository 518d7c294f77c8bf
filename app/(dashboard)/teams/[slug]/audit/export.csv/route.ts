import { standingHolds } from "@/lib/audit/standing";
import { getTeamContext } from "@/lib/auth/team-context";
import { AUDIT_CSV_HEADER, auditCsvLine } from "@/lib/audit/audit-csv";
import { streamAuditEvents } from "@/lib/audit/list-audit";
import { auditFilter, auditQuerySchema } from "../_lib/query";

// GET /teams/<slug>/audit/export.csv – the events the Audit log's filters select, as CSV.
// Streamed batch by batch (keyset), so a long log costs constant memory; same permission as the page.
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await getTeamContext(slug);
  if (!ctx.can("audit.read")) return new Response("Only owners and admins can read the audit log.\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const q = auditQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const events = streamAuditEvents(ctx.db, auditFilter(ctx.team.id, q), () => standingHolds(ctx.db, ctx.team.id, ctx.actor));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${AUDIT_CSV_HEADER}`));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(auditCsvLine(next.value)));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${slug}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
