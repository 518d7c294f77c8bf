import { after, before, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam } from "../testing/factories";
import { DESCRIBE_AT_ONCE, RequestLogBuffer } from "./request-log-buffer";
import { insertScimRequestLogs, writeScimRequestLogs, type RequestLogEntry, type UndescribedEntry } from "./request-log";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

const entry = (teamId: string, path: string, status = 200): RequestLogEntry => ({
  teamId,
  tokenId: null,
  method: "GET",
  path,
  status,
  durationMs: 1,
  userAgent: "Okta SCIM Client",
  isError: status >= 400,
  tokenName: null,
  tokenPrefix: null,
  authProblem: null,
  scimType: null,
  errorDetail: null,
  memberId: null,
  requestBody: null,
  responseBody: null,
});

/** Runs `steps` with stderr silenced: the buffer reports each failed write there. */
async function quietly(steps: () => Promise<void>): Promise<void> {
  const errors = console.error;
  console.error = () => {};
  try {
    await steps();
  } finally {
    console.error = errors;
  }
}

/** The paths a team's log holds, oldest first. */
const loggedPaths = async (teamId: string) => (await t.db.scimRequestLog.findMany({ where: { teamId }, orderBy: { createdAt: "asc" } })).map((e) => e.path);

/**
 * Adds entries /Users/1…first and flushes while the writer fails, checks that `waiting` of them are
 * kept, then lets writes through (`recover`) and adds and flushes one more.
 */
async function failThenRecover(buffer: RequestLogBuffer, teamId: string, { first, waiting, why, recover }: { first: number; waiting: number; why: string; recover: () => void }) {
  await quietly(async () => {
    for (let i = 1; i <= first; i++) buffer.add(t.db, entry(teamId, `/Users/${i}`));
    await buffer.flush();
    assert.equal(buffer.buffered, waiting, why);
    recover();
    buffer.add(t.db, entry(teamId, `/Users/${first + 1}`));
    await buffer.flush();
  });
}

/** A buffer whose database refuses every write until `up()`. */
function bufferWithDatabaseAway(options: Partial<ConstructorParameters<typeof RequestLogBuffer>[1]> = {}) {
  let away = true;
  const buffer = new RequestLogBuffer(
    async (db, entries) => {
      if (away) throw new Error("database unreachable");
      await writeScimRequestLogs(db, entries);
    },
    { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, ...options },
  );
  return { buffer, up: () => void (away = false) };
}

describe("SCIM request log buffer", () => {
  it("writes what it holds in one batch, in the requests' order, within the flush interval", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 50, flushAt: 1000, maxBuffered: 10_000 });
    // The clock is mocked: the flush interval passes when the test says so, not in real time.
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      for (let i = 0; i < 5; i++) buffer.add(t.db, entry(team.id, `/Users?i=${i}`));
      mock.timers.tick(49);
      assert.equal(buffer.buffered, 5, "nothing is written before the interval");
      mock.timers.tick(1);
      assert.equal(buffer.buffered, 0, "the interval's flush took the batch");
    } finally {
      mock.timers.reset();
    }
    await buffer.flush(); // waits for the write the timer started
    assert.deepEqual(await loggedPaths(team.id), [0, 1, 2, 3, 4].map((i) => `/Users?i=${i}`));
  });

  it("a flush waits for an entry still being described: a clean stop leaves none behind", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 });
    let described!: (e: RequestLogEntry) => void;
    buffer.addWhenDescribed(t.db, new Promise<RequestLogEntry>((resolve) => (described = resolve)));
    // Another that cannot be described is reported, not written, and does not hold the flush up.
    const failed = mock.method(console, "error", () => undefined);
    buffer.addWhenDescribed(t.db, Promise.reject(new Error("unreadable answer")));
    try {
      const flushed = buffer.flush();
      described(entry(team.id, "/Users?described=late"));
      await flushed;
      assert.equal(failed.mock.callCount(), 1);
    } finally {
      failed.mock.restore();
    }
    const rows = await t.db.scimRequestLog.findMany({ where: { teamId: team.id }, select: { path: true } });
    assert.deepEqual(rows.map((r) => r.path), ["/Users?described=late"]);
  });

  it("an entry whose description never ends holds back neither the timed batches nor, beyond its bound, a flush", async () => {
    const team = await createTeam(t.db);
    let written!: () => void;
    const firstWrite = new Promise<void>((resolve) => (written = resolve));
    const buffer = new RequestLogBuffer(
      async (db, entries) => {
        await writeScimRequestLogs(db, entries);
        written();
      },
      { flushEveryMs: 50, flushAt: 1000, maxBuffered: 10_000 },
    );
    buffer.addWhenDescribed(t.db, new Promise<RequestLogEntry>(() => undefined));
    const reported = mock.method(console, "error", () => undefined);
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      buffer.add(t.db, entry(team.id, "/Users?described=at-once"));
      mock.timers.tick(50);
      await firstWrite;
      buffer.add(t.db, entry(team.id, "/Users?described=later"));
      const flushed = buffer.flush({ describingMs: 2_000 });
      mock.timers.tick(2_000);
      await flushed;
      assert.equal(reported.mock.callCount(), 1, "the description given up is reported");
    } finally {
      mock.timers.reset();
      reported.mock.restore();
    }
    const rows = await t.db.scimRequestLog.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" }, select: { path: true } });
    assert.deepEqual(rows.map((r) => r.path), ["/Users?described=at-once", "/Users?described=later"]);
  });

  it("keeps a batch the database refused and writes it with the next one", async () => {
    const team = await createTeam(t.db);
    const { buffer, up } = bufferWithDatabaseAway();
    await quietly(async () => {
      buffer.add(t.db, entry(team.id, "/Users/1"));
      await buffer.flush();
      assert.equal(buffer.buffered, 1);
      up();
      buffer.add(t.db, entry(team.id, "/Users/2"));
      await buffer.flush();
    });
    assert.deepEqual(await loggedPaths(team.id), ["/Users/1", "/Users/2"]);
  });

  it("a request with a NUL byte in its path and bodies is logged, the NUL shown, not refused by the database", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 });
    buffer.add(t.db, { ...entry(team.id, "/Users/a\u0000b", 404), requestBody: '{"externalId":"x\u0000"}', errorDetail: "no a\u0000b", userAgent: "Okta\u0000" });
    await buffer.flush();
    const [row] = await t.db.scimRequestLog.findMany({ where: { teamId: team.id } });
    assert.equal(row?.path, "/Users/a\u2400b");
    assert.equal(row?.requestBody, '{"externalId":"x\u2400"}');
    assert.equal(row?.errorDetail, "no a\u2400b");
    assert.equal(row?.userAgent, "Okta\u2400");
  });

  it("an entry the database refuses is dropped alone: the rest of its batch, and later batches, are written", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 });
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      buffer.add(t.db, entry(team.id, "/Users/1"));
      // A team deleted between the request and the write: the row's foreign key fails.
      buffer.add(t.db, entry("no-such-team", "/Users/2"));
      buffer.add(t.db, entry(team.id, "/Users/3"));
      await buffer.flush();
      assert.equal(buffer.buffered, 0);
      buffer.add(t.db, entry(team.id, "/Users/4"));
      await buffer.flush();
    } finally {
      console.error = consoleError;
    }
    assert.deepEqual(await loggedPaths(team.id), ["/Users/1", "/Users/3", "/Users/4"]);
    assert.ok(errors.some((args) => String((args as unknown[])[0]).includes("dropped")), "the dropped entry is reported");
  });

  it("a deleted team's entries, a whole statement of them, are dropped: they hold back no other team's", async () => {
    const [gone, kept] = [await createTeam(t.db), await createTeam(t.db)];
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, writeAtOnce: 3 });
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (let i = 0; i < 5; i++) buffer.add(t.db, entry(gone.id, `/Users?gone=${i}`));
      buffer.add(t.db, entry(kept.id, "/Users?kept=0"));
      await t.db.team.delete({ where: { id: gone.id } });
      buffer.add(t.db, entry(kept.id, "/Users?kept=1"));
      await buffer.flush();
      assert.equal(buffer.buffered, 0, "nothing waits: the database is up");
    } finally {
      console.error = consoleError;
    }
    assert.deepEqual(await loggedPaths(kept.id), ["/Users?kept=0", "/Users?kept=1"]);
    assert.ok(errors.some((args) => /5 of 7 entries refused by the database and dropped/.test(String((args as unknown[])[0]))), "the dropped entries are reported");
  });

  it("holds at most maxBuffered entries while the database is away, dropping the oldest", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(async () => {}, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 3 });
    await quietly(async () => {
      for (let i = 0; i < 5; i++) buffer.add(t.db, entry(team.id, `/Users/${i}`));
    });
    assert.equal(buffer.buffered, 3);
  });

  it("writes no more of a team's successes or errors than its log keeps: older ones waiting are never written", async () => {
    const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
    const batches: number[] = [];
    const buffer = new RequestLogBuffer(
      async (db, entries) => {
        batches.push(entries.length);
        await writeScimRequestLogs(db, entries);
      },
      { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, keep: { successes: 3, errors: 2 } },
    );
    for (let i = 0; i < 5; i++) buffer.add(t.db, entry(a.id, `/Users?ok=${i}`));
    for (let i = 0; i < 4; i++) buffer.add(t.db, entry(a.id, `/Users?bad=${i}`, 400));
    for (let i = 0; i < 2; i++) buffer.add(t.db, entry(b.id, `/Users?b=${i}`));
    assert.equal(buffer.buffered, 7);
    await buffer.flush();
    assert.deepEqual(batches, [7], "what the log would trim at once is not written");
    const paths = async (teamId: string) => (await t.db.scimRequestLog.findMany({ where: { teamId }, orderBy: { createdAt: "asc" } })).map((e) => e.path);
    assert.deepEqual(await paths(a.id), ["/Users?ok=2", "/Users?ok=3", "/Users?ok=4", "/Users?bad=2", "/Users?bad=3"]);
    assert.deepEqual(await paths(b.id), ["/Users?b=0", "/Users?b=1"], "another team's entries are its own to keep");
  });

  it("a team whose entries fill what its log keeps is written at most once every holdFullMs; a clean stop writes it at once", async () => {
    const [busy, quiet] = [await createTeam(t.db), await createTeam(t.db)];
    let clock = 0;
    const batches: string[][] = [];
    const buffer = new RequestLogBuffer(
      async (db, entries) => {
        batches.push(entries.map((e) => e.path));
        await insertScimRequestLogs(db, entries);
      },
      { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, keep: { successes: 3, errors: 2 }, holdFullMs: 5_000, now: () => clock, trim: async () => {} },
    );
    const add = (team: { id: string }, paths: string[], status = 200) => paths.forEach((p) => buffer.add(t.db, entry(team.id, p, status)));
    add(busy, ["/a0", "/a1", "/a2"]);
    await buffer.writeDue();
    assert.deepEqual(batches, [["/a0", "/a1", "/a2"]], "a list never taken before is written when due");

    clock = 1_000;
    add(busy, ["/a3", "/a4", "/a5", "/a6"]);
    add(busy, ["/e0"], 400);
    add(quiet, ["/q0"]);
    await buffer.writeDue();
    assert.deepEqual(batches.at(-1), ["/e0", "/q0"], "the busy team's successes, full again a second later, wait; its errors and other teams do not");
    assert.equal(buffer.buffered, 3, "only its newest 3 wait");

    clock = 4_999;
    add(busy, ["/a7"]);
    await buffer.writeDue();
    assert.equal(batches.length, 2, "still held");

    clock = 5_000;
    await buffer.writeDue();
    assert.deepEqual(batches.at(-1), ["/a5", "/a6", "/a7"], "written holdFullMs after the last: the newest it keeps");

    clock = 5_500;
    add(quiet, ["/q1"]);
    add(busy, ["/a8"]);
    await buffer.writeDue();
    assert.deepEqual(batches.at(-1), ["/q1", "/a8"], "a list short of its keep is never held");

    add(busy, ["/a9", "/a10", "/a11"]);
    await buffer.writeDue();
    assert.equal(buffer.buffered, 3, "full again: held");
    await buffer.flush();
    assert.deepEqual(batches.at(-1), ["/a9", "/a10", "/a11"], "a clean stop's flush writes held lists too");
    assert.equal(buffer.buffered, 0);
  });

  it("takes a batch once flushAt entries have arrived, however many of them a held list keeps waiting", async () => {
    const team = await createTeam(t.db);
    const batches: number[] = [];
    const buffer = new RequestLogBuffer(
      async (_db, entries) => void batches.push(entries.length),
      { flushEveryMs: 60_000, flushAt: 4, maxBuffered: 10_000, keep: { successes: 3, errors: 2 }, now: () => 0, trim: async () => {} },
    );
    for (let i = 0; i < 4; i++) buffer.add(t.db, entry(team.id, `/Users/${i}`));
    await buffer.writeDue();
    assert.deepEqual(batches, [3], "the 4th arrival took the batch: its newest 3");
    // Full and held now: four more arrivals take a batch (the error), not one per arrival.
    for (let i = 4; i < 7; i++) buffer.add(t.db, entry(team.id, `/Users/${i}`));
    buffer.add(t.db, entry(team.id, "/Users/bad", 400));
    await buffer.writeDue();
    assert.deepEqual(batches, [3, 1]);
    assert.equal(buffer.buffered, 3);
    // Four wait (three held, one new), but one arrived: no batch is taken for it alone.
    buffer.add(t.db, entry(team.id, "/Users/bad2", 400));
    assert.equal(buffer.buffered, 4);
    assert.deepEqual(batches, [3, 1]);
  });

  it("describes an entry only when it writes it: those its team's log would not keep are never described", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, keep: { successes: 3, errors: 2 } });
    const described: string[] = [];
    const undescribed = (path: string, status = 200): UndescribedEntry => ({
      teamId: team.id,
      isError: status >= 400,
      describe: () => (described.push(path), entry(team.id, path, status)),
    });
    for (let i = 0; i < 6; i++) buffer.add(t.db, undescribed(`/Users?ok=${i}`));
    buffer.add(t.db, undescribed("/Users?bad=0", 400));
    assert.deepEqual(described, [], "nothing is described before its batch is written");
    await buffer.flush();
    assert.deepEqual(described, ["/Users?ok=3", "/Users?ok=4", "/Users?ok=5", "/Users?bad=0"]);
    assert.deepEqual(await loggedPaths(team.id), ["/Users?ok=3", "/Users?ok=4", "/Users?ok=5", "/Users?bad=0"]);
  });

  it("an entry that cannot be described is reported and left out; the rest of its batch is written", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 });
    const errors = mock.method(console, "error", () => undefined);
    try {
      buffer.add(t.db, entry(team.id, "/Users?n=1"));
      buffer.add(t.db, { teamId: team.id, isError: false, describe: () => { throw new Error("undescribable"); } });
      buffer.add(t.db, { teamId: team.id, isError: false, describe: () => entry(team.id, "/Users?n=3") });
      await buffer.flush();
      assert.match(String(errors.mock.calls[0]?.arguments[1]), /undescribable/);
    } finally {
      errors.mock.restore();
    }
    assert.deepEqual(await loggedPaths(team.id), ["/Users?n=1", "/Users?n=3"]);
  });

  it("describes a batch a slice at a time, letting other work run between slices", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 });
    let described = 0;
    let describedWhenOtherWorkRan: number | undefined;
    for (let i = 0; i < DESCRIBE_AT_ONCE * 2 + 1; i++) {
      buffer.add(t.db, {
        teamId: team.id,
        isError: false,
        describe: () => {
          // Other work arriving while the batch is described: a request's next step, say.
          if (described === 0) setImmediate(() => (describedWhenOtherWorkRan = described));
          described++;
          return entry(team.id, `/Users?n=${i}`);
        },
      });
    }
    await buffer.flush();
    assert.equal(described, DESCRIBE_AT_ONCE * 2 + 1);
    assert.equal(describedWhenOtherWorkRan, DESCRIBE_AT_ONCE, "it ran after the first slice, not after the whole batch");
  });

  it("a batch kept while the database is away still goes before newer entries, so its team keeps the newest", async () => {
    const team = await createTeam(t.db);
    const { buffer, up } = bufferWithDatabaseAway({ keep: { successes: 2, errors: 2 } });
    await quietly(async () => {
      buffer.add(t.db, entry(team.id, "/Users/1"));
      const flushing = buffer.flush();
      // Queued while the failing batch is being written.
      buffer.add(t.db, entry(team.id, "/Users/2"));
      await flushing;
      buffer.add(t.db, entry(team.id, "/Users/3"));
      up();
      await buffer.flush();
    });
    assert.deepEqual(await loggedPaths(team.id), ["/Users/2", "/Users/3"]);
  });

  it("writes a batch in statements of at most writeAtOnce entries, oldest first, and trims once for the batch", async () => {
    const team = await createTeam(t.db);
    const statements: string[][] = [];
    const trims: string[][] = [];
    const buffer = new RequestLogBuffer(
      async (db, entries) => {
        statements.push(entries.map((e) => e.path));
        await insertScimRequestLogs(db, entries);
      },
      { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, writeAtOnce: 3, trim: async (_db, entries) => void trims.push(entries.map((e) => e.path)) },
    );
    for (let i = 0; i < 7; i++) buffer.add(t.db, entry(team.id, `/Users/${i}`));
    await buffer.flush();
    assert.deepEqual(statements, [["/Users/0", "/Users/1", "/Users/2"], ["/Users/3", "/Users/4", "/Users/5"], ["/Users/6"]]);
    assert.deepEqual(trims, [[0, 1, 2, 3, 4, 5, 6].map((i) => `/Users/${i}`)], "one trim, with all the batch wrote");
    assert.deepEqual(await loggedPaths(team.id), [0, 1, 2, 3, 4, 5, 6].map((i) => `/Users/${i}`));
  });

  it("keeps a team's log to its newest 1,000 successes by its own writes", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer();
    for (let i = 0; i < 1000; i++) buffer.add(t.db, entry(team.id, `/Users?first=${i}`));
    await buffer.flush();
    // 100 more: a trim is then certain (about once per 100 entries written).
    for (let i = 0; i < 100; i++) buffer.add(t.db, entry(team.id, `/Users?then=${i}`));
    await buffer.flush();
    const log = await t.db.scimRequestLog.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" }, select: { path: true } });
    assert.equal(log.length, 1000);
    assert.equal(log[0]!.path, "/Users?first=100", "the oldest went");
    assert.equal(log.at(-1)!.path, "/Users?then=99");
  });

  it("a database gone away within a batch: what was written is not written again, the rest goes with the next batch, in order", async () => {
    const team = await createTeam(t.db);
    let written = 0;
    let away = false;
    const buffer = new RequestLogBuffer(
      async (db, entries) => {
        if (away) throw new Error("database unreachable");
        await writeScimRequestLogs(db, entries);
        // Goes away once the first statement is in.
        if (++written === 1) away = true;
      },
      { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000, writeAtOnce: 2 },
    );
    await failThenRecover(buffer, team.id, { first: 5, waiting: 3, why: "the three not written wait", recover: () => void (away = false) });
    assert.deepEqual(await loggedPaths(team.id), [1, 2, 3, 4, 5, 6].map((i) => `/Users/${i}`));
  });

  it("a statement whose commit went through but whose answer was lost is retried without logging its requests twice", async () => {
    const team = await createTeam(t.db);
    let lost = true;
    const buffer = new RequestLogBuffer(
      async (db, entries) => {
        await writeScimRequestLogs(db, entries);
        // Committed; the connection drops before the answer arrives, so the writer cannot know.
        if (lost) throw new Error("Connection terminated unexpectedly");
      },
      { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 },
    );
    await failThenRecover(buffer, team.id, { first: 3, waiting: 3, why: "the batch is kept: its writer saw it fail", recover: () => void (lost = false) });
    assert.deepEqual(await loggedPaths(team.id), [1, 2, 3, 4].map((i) => `/Users/${i}`));
  });

  it("stores any text a request brings as it was, but for a NUL (shown as ␀) and a lone surrogate (shown as �)", async () => {
    const team = await createTeam(t.db);
    const buffer = new RequestLogBuffer(writeScimRequestLogs, { flushEveryMs: 60_000, flushAt: 1000, maxBuffered: 10_000 });
    // Whole code points and lone UTF-16 halves alike: an error's detail quotes what the IdP sent.
    const codeUnit = fc.oneof(
      fc.constantFrom("\u0000", "\ud800", "\udfff", '"', "\\", "…", "😀"),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    const text = fc.string({ unit: codeUnit, maxLength: 40 });
    const shown = (s: string) => s.replaceAll("\u0000", "\u2400").toWellFormed();
    await fc.assert(
      fc.asyncProperty(text, text, text, async (path, detail, body) => {
        await t.db.scimRequestLog.deleteMany({ where: { teamId: team.id } });
        buffer.add(t.db, { ...entry(team.id, path, 400), errorDetail: detail, requestBody: body, responseBody: `{"detail":${JSON.stringify(detail)}}` });
        await buffer.flush();
        const rows = await t.db.scimRequestLog.findMany({ where: { teamId: team.id } });
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.path, shown(path));
        assert.equal(rows[0]!.errorDetail, shown(detail));
        assert.equal(rows[0]!.requestBody, shown(body));
        assert.equal(rows[0]!.responseBody, shown(`{"detail":${JSON.stringify(detail)}}`));
      }),
      { numRuns: 60 },
    );
  });
});
