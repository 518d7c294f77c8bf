// Prints the SQL statements one SCIM lookup, create and PATCH deactivate send (Prisma's query
// log, the direct path included), on an in-memory PGlite through the real route handlers: where
// the round trips go.
//   node --conditions=react-server --import tsx bench/trace-queries.ts
import { applyMigrations } from "../lib/db/migrations";
import { createEmptyDatabase } from "../lib/testing/test-database";
import { statementLog } from "../lib/testing/statement-log";
import { createTeam, testActor } from "../lib/testing/factories";
import { createScimToken } from "../lib/scim-tokens/create-token";
import { scimClient } from "../lib/testing/scim-harness";

const empty = await createEmptyDatabase();
await applyMigrations(empty.adapter);
// The direct path goes through this client too, so its statements show in the log.
const { db, statementsOf } = statementLog(empty.adapter, { directPath: true });
const team = await createTeam(db);
const token = await createScimToken(db, { teamId: team.id, name: "Okta", mayManageOwners: true }, testActor);
const scim = scimClient(db, token.secret);
const body = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "a@x.test", name: { givenName: "A", familyName: "B" }, emails: [{ value: "a@x.test", primary: true }], active: true };
const created = await scim("POST", "/Users", { body });
for (const [label, run] of [
  ["lookup", () => scim("GET", `/Users?filter=${encodeURIComponent(process.env.F!)}`)],
  ["create", () => scim("POST", "/Users", { body: { ...body, userName: "b@x.test", emails: [{ value: "b@x.test", primary: true }] } })],
  ["patch", () => scim("PATCH", `/Users/${created.body.id}`, { body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] } })],
] as const) {
  const { result: r, sent } = await statementsOf(run);
  console.log(`\n${label} → ${r.status}: ${sent.length} statements, besides the request's bookkeeping (token's last use, rate-limit window, log entry)`);
  for (const q of sent) console.log(`  ${q.replace(/\s+/g, " ").slice(0, Number(process.env.TRACE_WIDTH ?? 220))}`);
}
await db.$disconnect();
await empty.close();
