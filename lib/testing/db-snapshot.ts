// Everything a SCIM request may change, as one comparable value: a refused request must leave it
// identical. Bookkeeping every request writes (request log, token last-used, rate-limit counters,
// page cursors) is left out on purpose. One statement, so fuzzing can take it after every request.
// The audit trail is append-only (no code path updates or deletes an event but a team's own
// deletion), so its count sees any write; hashing it too would make each snapshot grow with the
// run (a 10,000-request fuzz run spent minutes re-reading its own audit events).
import type { Db } from "../members/types";

const TABLES = ["Team", "User", "Membership", "Group"] as const;

export async function domainSnapshot(db: Db): Promise<string> {
  const digests = TABLES.map((table) => `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM "${table}" t)`);
  const members = `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t."groupId", t."membershipId")), '') FROM "GroupMember" t)`;
  const audit = `(SELECT count(*)::text FROM "AuditEvent")`;
  const [row] = await db.$queryRawUnsafe<{ snapshot: string }[]>(`SELECT concat_ws(' ', ${[...digests, members, audit].join(", ")}) AS snapshot`);
  return row!.snapshot;
}
