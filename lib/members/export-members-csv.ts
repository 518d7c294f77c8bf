import { ExportAccessEndedError } from "../audit/standing";
import { csvRow } from "../csv/csv";
import type { MemberSort, SortDirection } from "./member-sort";
import { listMembersAfter, type MemberCursor, type MemberFilter } from "./list-members";
import { profileName } from "./profile";
import type { Db, MemberWithUser } from "./types";

const HEADER = ["Name", "Email", "Username", "Role", "Status", "Source", "Last sign-in (UTC)", "Added (UTC)"];
const BATCH = 500;

const iso = (d: Date | null) => (d ? d.toISOString() : "");
const label = (v: string) => v.charAt(0) + v.slice(1).toLowerCase();

function memberCells(m: MemberWithUser) {
  return [profileName(m) ?? m.user.name ?? m.email, m.email, m.userName, label(m.role), label(m.status), m.source === "MANUAL" ? "Manual" : m.source, iso(m.lastLoginAt), iso(m.createdAt)];
}

/**
 * The members a filter selects, as CSV, in the page's order. A pull stream: the next batch is read
 * (keyset, so each is an index range) only when the client has taken the last one, so memory stays
 * the same for 100 or 100,000 members and a slow download holds back the database, not the heap.
 * Each batch is read only while `stillAllowed` says the requester may still export: a download may
 * last as long as its client reads slowly, and the directory it reads is the live one.
 */
export function membersCsvStream(
  db: Db,
  filter: MemberFilter,
  sort: MemberSort,
  dir: SortDirection,
  stillAllowed: () => Promise<boolean>,
  batchSize = BATCH,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: MemberCursor | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          // A BOM so Excel reads UTF-8 names correctly.
          controller.enqueue(encoder.encode(`\uFEFF${csvRow(HEADER)}`));
        }
        if (!(await stillAllowed())) {
          controller.error(new ExportAccessEndedError());
          return;
        }
        const batch = await listMembersAfter(db, filter, sort, dir, after, batchSize);
        if (batch.members.length > 0) controller.enqueue(encoder.encode(batch.members.map((m) => csvRow(memberCells(m))).join("")));
        after = batch.next;
        if (!after) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
