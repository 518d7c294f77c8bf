import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam } from "../testing/factories";
import { membersCsvStream } from "./export-members-csv";

let t: TestDatabase;
let teamId: string;
before(async () => {
  t = await createTestDatabase();
  teamId = (await createTeam(t.db)).id;
  await createMember(t.db, teamId, { email: "olga@csv.test", nameFormatted: "Olga Owner", role: "OWNER" });
  await createMember(t.db, teamId, { email: "evil@csv.test", displayName: '=HYPERLINK("http://evil.test","click")', role: "ADMIN" });
  // More than two export batches, written in bulk (the audited one-by-one path is not the subject).
  const bulk = Array.from({ length: 1200 }, (_, i) => ({ id: crypto.randomUUID(), email: `bulk${i}@csv.test` }));
  await t.db.user.createMany({ data: bulk.map((u) => ({ id: u.id, email: u.email, emailNormalized: u.email })) });
  await t.db.membership.createMany({
    data: bulk.map((u) => ({ teamId, userId: u.id, userName: u.email, userNameNormalized: u.email, email: u.email, emailNormalized: u.email })),
  });
  const other = await createTeam(t.db);
  await createMember(t.db, other.id, { email: "other-team@csv.test" });
});
after(() => t.close());

const allowed = async () => true;
const readAll = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("membersCsvStream", () => {
  it("streams every member of the team (several batches), in the page's order, formulas defused", async () => {
    const csv = await readAll(membersCsvStream(t.db, { teamId }, "email", "asc", allowed));
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    assert.equal(lines[0], "Name,Email,Username,Role,Status,Source,Last sign-in (UTC),Added (UTC)");
    assert.equal(lines.length, 1 + 1202);
    assert.ok(lines[1].startsWith("bulk0@csv.test,bulk0@csv.test,"));
    assert.ok(!csv.includes("other-team@csv.test"));
    const evil = lines.find((l) => l.includes("evil@csv.test"))!;
    assert.ok(evil.startsWith(`"'=HYPERLINK(""http://evil.test"",""click"")",evil@csv.test,`), evil);
  });

  it("applies the filters", async () => {
    const csv = await readAll(membersCsvStream(t.db, { teamId, role: "ADMIN" }, "name", "asc", allowed));
    assert.equal(csv.split("\r\n").filter(Boolean).length, 2);
    const none = await readAll(membersCsvStream(t.db, { teamId, search: "nobody-at-all" }, "created", "asc", allowed));
    assert.equal(none.split("\r\n").filter(Boolean).length, 1);
  });
});
