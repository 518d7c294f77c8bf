// When PostgreSQL is away (restarting, failing over, a host that does not answer), a SCIM request
// is answered 503 in SCIM's error format, which Okta and Entra retry, rather than a bare 500, and
// it is answered within the pool's connect_timeout rather than held for minutes.
// No database server is needed: the "servers" here refuse, or accept and never speak.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { isDatabaseUnreachable } from "../db/errors";
import { Prisma } from "../db/generated/client";
import { queryPrepared } from "../db/statement-names";
import { scimClient } from "../testing/scim-harness";
import { awayDatabases } from "../testing/away-database";

const SECRET = `ghscim_${"x".repeat(40)}`;
const { refusingPort, silentPort, goneSilentPort, databaseAt, close } = awayDatabases();
after(close);

describe("SCIM with the database away", () => {
  it("answers 503 in SCIM's error format when the database refuses connections, and logs the outage once, not per request", async () => {
    const db = await databaseAt(await refusingPort());
    const logged: unknown[][] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      for (let i = 0; i < 3; i++) await scimClient(db, SECRET)("GET", "/Users?count=1");
    } finally {
      console.error = log;
    }
    assert.ok(logged.filter((args) => /database unreachable/.test(String(args[0]))).length <= 1, `${logged.length} lines`);
    const res = await scimClient(db, SECRET)("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@away.test"')}`);
    assert.equal(res.status, 503);
    assert.deepEqual(res.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
    assert.equal(res.body.status, "503");
    assert.match(res.body.detail, /retry/);
    // When to come back, as a 429 says it (RFC 9110 §10.2.3): Okta honours it rather than its own backoff.
    assert.equal(res.headers.get("retry-after"), "5");
  });

  // Without the bound the request waits for ever: the test's own timeout turns that into a failure.
  it("gives up on a database that accepts and never answers after connect_timeout, and answers 503", { timeout: 30_000 }, async () => {
    const db = await databaseAt(await silentPort(), "?connect_timeout=0.2");
    const res = await scimClient(db, SECRET)("POST", "/Users", { body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@away.test" } });
    assert.equal(res.status, 503);
    assert.equal(res.body.status, "503");
    assert.equal(res.headers.get("retry-after"), "5");
  });

  // Without the bound a statement on a connection whose peer went silent waits for ever: the
  // test's own timeout turns that into a failure.
  it("gives up on a statement the database never answers after query_timeout, answers 503, and does so again", { timeout: 30_000 }, async () => {
    const db = await databaseAt(await goneSilentPort(), "?query_timeout=0.3");
    const scim = scimClient(db, SECRET);
    for (const attempt of ["first", "second"]) {
      const res = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@away.test"')}`);
      assert.equal(res.status, 503, attempt);
      assert.equal(res.headers.get("retry-after"), "5");
    }
  });

  it("tells an unreachable database apart on every path: the driver's own, Prisma's raw and model queries, a transaction", async () => {
    const db = await databaseAt(await refusingPort());
    const failures = await Promise.all([
      queryPrepared(db, Prisma.sql`SELECT 1`),
      db.$queryRaw`SELECT 1`,
      db.team.findFirst(),
      db.$transaction((tx) => tx.team.findFirst()),
    ].map((p) => p.then(() => assert.fail("the query ran"), (e: unknown) => e)));
    for (const e of failures) assert.ok(isDatabaseUnreachable(e), String(e));
  });
});
