// Team pages read their slug and query string from the URL, which anyone can write by hand. A NUL
// ("%00") is text the database refuses outright, so it reached PostgreSQL as a failed statement: a
// 500 for the Manage Team page, the audit log and both CSV exports (found by review). A malformed
// query parameter is ignored, as the others are; a slug no team could have is a 404.
import { inRequest, sessionCookie } from "@/lib/testing/action-request";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "@/lib/db/client";
import { createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { listQuerySchema } from "./members/_lib/list-query";
import { auditQuerySchema } from "./audit/_lib/query";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

type Route = (req: Request, ctx: { params: Promise<{ slug: string }> }) => Promise<Response>;

async function get(route: Route, cookie: string, slug: string, query: string) {
  const outcome = await inRequest({ cookie }, async () => {
    const response = await route(new Request(`http://localhost:3000/teams/x/export?${query}`), { params: Promise.resolve({ slug }) });
    // The CSV is streamed: its statements run as the body is read.
    return { status: response.status, text: await response.text() };
  });
  return outcome;
}

describe("team pages fed hand-made URLs", () => {
  it("ignore a search holding a NUL: the pages' query schemas", () => {
    assert.equal(listQuerySchema.parse({ q: "ada\u0000" }).q, undefined);
    assert.equal(listQuerySchema.parse({ q: " ada " }).q, "ada");
    const audit = auditQuerySchema.parse({ person: "\u0000", target: "x\u0000y" });
    assert.equal(audit.person, undefined);
    assert.equal(audit.target, undefined);
  });

  it("export every member and every event when the search holds a NUL, and 404 for a slug no team could have", async () => {
    const team = await createTeam(t.db);
    const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
    await createMember(t.db, team.id, { email: `ada@${team.slug}.test` });
    const cookie = await sessionCookie(t.db, owner.userId);
    const members = (await import("./members/export/route")).GET;
    const audit = (await import("./audit/export.csv/route")).GET;

    const csv = await get(members, cookie, team.slug, "q=%00");
    assert.ok("answer" in csv, JSON.stringify(csv));
    assert.equal(csv.answer.status, 200);
    assert.match(csv.answer.text, new RegExp(`ada@${team.slug}\\.test`));
    for (const query of ["person=%00", "target=%00"]) {
      const events = await get(audit, cookie, team.slug, query);
      assert.ok("answer" in events, `${query}: ${JSON.stringify(events)}`);
      assert.equal(events.answer.status, 200);
    }
    for (const route of [members, audit]) assert.deepEqual(await get(route, cookie, `${team.slug}\u0000`, ""), { notFound: true });
  });
});
