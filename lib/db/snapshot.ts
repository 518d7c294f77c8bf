// A database snapshot as a file: every row of every table, read in one transaction (a consistent
// point in time, also while the server writes), plus the migrations it was taken at and, per
// table, a row count and a digest of the primary keys. One format serves `db:backup`,
// `db:restore` and `db:move` (embedded → PostgreSQL), on either engine, because it is logical:
// rows as JSON, read with row_to_json and written back with json_populate_recordset, so PGlite
// and PostgreSQL agree on every type.
//
// File: gzip of newline-separated JSON; line 1 the header, then {"t": table, "r": [rows…]} chunks.
import fs from "node:fs";
import path from "node:path";
import stream from "node:stream";
import zlib from "node:zlib";
import type { AdapterHandle, SqlRunner } from "./adapter";

const FORMAT = "gatehouse-snapshot";
const CHUNK_ROWS = 500;

/**
 * The most a backup's line may hold. A restore runs inside the server when one is running (its
 * heap is 384 MB): a file whose line had no end (a hostile or damaged backup of a few hundred kB of
 * gzip) filled that heap and killed the server. The rows of a line are handed to the database as
 * the line's own text, never parsed here (a line of 16 MB of `{}` rows took 375 MB to parse, found
 * by review). The writer starts a new line past LINE_BYTES, so no line it writes comes near this
 * unless a single row does (it then refuses to take the backup; a member's whole profile is at
 * most a SCIM body, 1 MB).
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
const LINE_BYTES = 1024 * 1024;

/** A rows line as writeSnapshot writes it: the table's name, then its rows' JSON array, as text. */
const ROWS_LINE = /^\{"t":("(?:[^"\\]|\\.)*"),"r":(\[[\s\S]*\])\}$/;

export type TableSummary = { name: string; columns: string[]; rows: number; digest: string };
export type SnapshotHeader = {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: TableSummary[];
};

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotError";
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const HISTORY = "_prisma_migrations";
// Kept by triggers from other tables' rows (migration team_member_counts): not written to a backup,
// emptied with the rest on a restore, and counted again as the members are loaded. A backup that
// holds them (taken by an instance of the version before, during a rolling upgrade) has them passed over.
const DERIVED = ["TeamMemberCount"];
const isDerived = (table: string) => DERIVED.includes(table);

/** Tables of the current schema in an order where every foreign key points backwards. */
async function dataTables(sql: SqlRunner): Promise<string[]> {
  const tables = (
    await sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname NOT IN (SELECT json_array_elements_text($1::json)) ORDER BY c.relname`,
      [JSON.stringify([HISTORY, ...DERIVED])],
    )
  ).map((r) => r.name);
  const refs = await sql.query<{ child: string; parent: string }>(
    `SELECT cc.relname AS child, pc.relname AS parent FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = cc.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema() AND cc.oid <> pc.oid`,
  );
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const r of refs) if (r.child === t && tables.includes(r.parent)) visit(r.parent);
    ordered.push(t);
  };
  tables.forEach(visit);
  return ordered;
}

async function columnsOf(sql: SqlRunner, table: string): Promise<string[]> {
  // Generated columns are computed again on load.
  const rows = await sql.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [ident(table)],
  );
  return rows.map((r) => r.name);
}

async function primaryKeyOf(sql: SqlRunner, table: string): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [ident(table)],
  );
  return rows.map((r) => r.name);
}

/** Row count and an md5 over the sorted primary keys (byte order, so both engines agree). */
async function summarize(sql: SqlRunner, table: string): Promise<Omit<TableSummary, "columns">> {
  const pk = await primaryKeyOf(sql, table);
  const key = pk.length ? `concat_ws('|', ${pk.map((c) => `${ident(c)}::text`).join(", ")})` : `t::text`;
  const [r] = await sql.query<{ rows: number; digest: string }>(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(${key}, ',' ORDER BY ${key} COLLATE "C"), '')) AS digest FROM ${ident(table)} t`,
  );
  return { name: table, rows: Number(r.rows), digest: r.digest };
}

export async function appliedMigrationNames(sql: SqlRunner): Promise<string[]> {
  const exists = await sql.query<{ t: string | null }>(`SELECT to_regclass('${HISTORY}')::text AS t`);
  if (!exists[0]?.t) return [];
  const rows = await sql.query<{ name: string }>(
    `SELECT migration_name AS name FROM ${HISTORY} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

/** Each table's row count and key digest, as they are now. */
export async function databaseSummary(db: AdapterHandle): Promise<TableSummary[]> {
  return db.transaction(async (sql) => {
    const out: TableSummary[] = [];
    for (const t of await dataTables(sql)) out.push({ ...(await summarize(sql, t)), columns: await columnsOf(sql, t) });
    return out;
  });
}

/** Writes a consistent snapshot of `db` to `file` (whole or not at all: written aside, then renamed). */
export async function writeSnapshot(db: AdapterHandle, file: string): Promise<SnapshotHeader> {
  const out = snapshotFile(file);
  try {
    const header = await db.transaction(async (sql) => {
      // PostgreSQL: one snapshot for every statement below (PGlite has a single session anyway).
      await sql.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      return dumpRows(sql, out.write);
    });
    await out.finish();
    return header;
  } catch (e) {
    out.abort();
    throw e;
  }
}

type SnapshotFile = {
  /** Writes a line; rejects once the file cannot be written (a full disk), instead of waiting for ever. */
  write: (line: string) => Promise<void>;
  /** Ends, syncs and renames the file into place. */
  finish: () => Promise<void>;
  /** Removes whatever was written, the finished file included. */
  abort: () => void;
};

/** A snapshot file written aside (`.partial`), compressed, renamed into place only once whole. */
function snapshotFile(file: string): SnapshotFile {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const gzip = zlib.createGzip();
  // The first error of either stream, as a promise every write races (a write waiting for "drain"
  // on a stream that failed waited for ever: found by review, with a full disk).
  let failed: Error | null = null;
  let fail!: (e: Error) => void;
  const broken = new Promise<never>((_, reject) => (fail = reject));
  broken.catch(() => undefined);
  const onError = (e: Error) => {
    failed ??= e;
    fail(e);
  };
  out.on("error", onError);
  gzip.on("error", onError);
  const finished = new Promise<void>((resolve) => out.on("finish", resolve));
  gzip.pipe(out);
  let renamed = false;
  return {
    async write(line) {
      if (failed) throw failed;
      if (!gzip.write(`${line}\n`)) await Promise.race([new Promise((r) => gzip.once("drain", r)), broken]);
    },
    async finish() {
      if (failed) throw failed;
      gzip.end();
      await Promise.race([finished, broken]);
      const fd = fs.openSync(tmp, "r");
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(tmp, file);
      renamed = true;
    },
    abort() {
      gzip.destroy();
      out.destroy();
      fs.rmSync(tmp, { force: true });
      if (renamed) fs.rmSync(file, { force: true });
    },
  };
}

/** Every row of every table, as the snapshot's lines, read through `sql` (whose transaction makes them consistent). */
async function dumpRows(sql: SqlRunner, write: (line: string) => Promise<void>): Promise<SnapshotHeader> {
  const tables: TableSummary[] = [];
  for (const t of await dataTables(sql)) tables.push({ ...(await summarize(sql, t)), columns: await columnsOf(sql, t) });
  const header: SnapshotHeader = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    migrations: await appliedMigrationNames(sql),
    tables,
  };
  await write(JSON.stringify(header));
  for (const t of tables) {
    await sql.exec(`DECLARE gatehouse_snapshot NO SCROLL CURSOR FOR SELECT row_to_json(r)::text AS j FROM (SELECT ${t.columns.map(ident).join(", ")} FROM ${ident(t.name)}) r`);
    const prefix = `{"t":${JSON.stringify(t.name)},"r":[`;
    for (;;) {
      const rows = await sql.query<{ j: string }>(`FETCH ${CHUNK_ROWS} FROM gatehouse_snapshot`);
      if (rows.length === 0) break;
      // Up to CHUNK_ROWS rows a line, and a new line past LINE_BYTES (MAX_LINE_BYTES).
      let line: string[] = [];
      let bytes = 0;
      for (const { j } of rows) {
        const size = Buffer.byteLength(j) + 1;
        if (Buffer.byteLength(prefix) + size + 2 > MAX_LINE_BYTES) throw new SnapshotError(`A row of table ${t.name} holds ${size} bytes, more than a backup line may (${MAX_LINE_BYTES}): no backup was taken`);
        if (line.length > 0 && bytes + size > LINE_BYTES) {
          await write(`${prefix}${line.join(",")}]}`);
          line = [];
          bytes = 0;
        }
        line.push(j);
        bytes += size;
      }
      if (line.length > 0) await write(`${prefix}${line.join(",")}]}`);
    }
    await sql.exec("CLOSE gatehouse_snapshot");
  }
  return header;
}

/**
 * The file's non-empty lines, none longer than MAX_LINE_BYTES (a longer one is refused before it is
 * all read). Hand-written rather than node:readline, which buffers a line of any length. Through
 * stream.pipeline, so that a file that cannot be read, or a gzip cut short or damaged, ends the
 * caller's loop with an error rather than as an unhandled 'error' event (which crashed the CLI, and
 * was logged as uncaught by the server). Lines are split on the byte \n, which never occurs inside
 * a UTF-8 character, so each line decodes whole.
 */
async function* snapshotLines(file: string): AsyncGenerator<string> {
  const gunzip = zlib.createGunzip();
  stream.pipeline(fs.createReadStream(file), gunzip, () => {
    /* reported through the loop below */
  });
  let parts: Buffer[] = [];
  let size = 0;
  const line = () => {
    const text = Buffer.concat(parts, size).toString("utf8");
    parts = [];
    size = 0;
    return text;
  };
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    for (let start = 0; ; ) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      size += end - start;
      if (size > MAX_LINE_BYTES) throw new SnapshotError(`A line of the backup holds more than ${MAX_LINE_BYTES} bytes: it is damaged, or not a backup Gatehouse wrote`);
      if (end > start) parts.push(chunk.subarray(start, end));
      if (nl === -1) break;
      const text = line();
      if (text) yield text;
      start = nl + 1;
    }
  }
  const last = line();
  if (last) yield last;
}

export async function readSnapshotHeader(file: string): Promise<SnapshotHeader> {
  if (!fs.existsSync(file)) throw new SnapshotError(`No backup file at ${file}`);
  try {
    for await (const line of snapshotLines(file)) {
      const header = JSON.parse(line) as SnapshotHeader;
      if (header.format !== FORMAT || header.version !== 1) break;
      return header;
    }
  } catch {
    /* not gzip, or not ours */
  }
  throw new SnapshotError(`${file} is not a Gatehouse backup`);
}

/** The tables a backup holds that `db` has not (loadSnapshot refuses such a backup). */
export async function missingTables(db: AdapterHandle, file: string): Promise<string[]> {
  const header = await readSnapshotHeader(file);
  const tables = await db.transaction((sql) => dataTables(sql));
  return header.tables.map((t) => t.name).filter((name) => !tables.includes(name) && !isDerived(name));
}

export type LoadMode = "replace" | "into-empty";

/**
 * Loads a snapshot into `db`, whose migrations must be exactly the snapshot's, in one
 * transaction: "replace" empties every table first (restore), "into-empty" refuses a database
 * that holds any row (move). Then checks every table's row count and key digest against the
 * snapshot's; any difference rolls the whole load back.
 */
export async function loadSnapshot(db: AdapterHandle, file: string, mode: LoadMode): Promise<SnapshotHeader> {
  const header = await readSnapshotHeader(file);
  await db.transaction((sql) => loadRows(sql, file, header, mode));
  return header;
}

/**
 * A restore: what `db` holds is written to `previous`, then replaced by `file`'s rows, in one
 * transaction that holds every table from the start. In two (a snapshot, then the load), writes
 * committed between them were in neither the restored database nor the file of what it replaced
 * (421 acknowledged creates lost in a review's run on PostgreSQL). Writers wait for the restore,
 * then write into the restored database (or fail, if what they name is gone).
 */
export async function replaceWithSnapshot(db: AdapterHandle, file: string, previous: string, { lockTimeoutMs = 10_000 } = {}): Promise<SnapshotHeader> {
  const header = await readSnapshotHeader(file);
  const out = snapshotFile(previous);
  try {
    await db.transaction(async (sql) => {
      // A transaction of the server's that holds a table would otherwise hold the restore (and,
      // behind the tables it already has, every request) for as long as it lasts (found by review).
      await sql.exec(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
      const tables = [...(await dataTables(sql)), ...(await derivedTables(sql))];
      if (tables.length) await sql.exec(`LOCK TABLE ${tables.map(ident).join(", ")} IN ACCESS EXCLUSIVE MODE`);
      await dumpRows(sql, out.write);
      // Whole on disk before anything is replaced: a file that could not be written (a full disk)
      // refuses the restore rather than losing what it replaced (found by review).
      await out.finish();
      await loadRows(sql, file, header, "replace");
    });
  } catch (e) {
    out.abort();
    if (/lock timeout|deadlock detected|55P03|40P01/i.test(e instanceof Error ? e.message : String(e))) {
      throw new SnapshotError("The database is busy (a long transaction holds a table the restore needs); nothing was changed. Try again.");
    }
    throw e;
  }
  return header;
}

/** The derived tables (DERIVED) this database has. */
async function derivedTables(sql: SqlRunner): Promise<string[]> {
  return (await sql.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname IN (SELECT json_array_elements_text($1::json)) AND relnamespace = current_schema()::regnamespace`, [JSON.stringify(DERIVED)])).map((r) => r.name);
}

async function loadRows(sql: SqlRunner, file: string, header: SnapshotHeader, mode: LoadMode): Promise<void> {
  const migrations = await appliedMigrationNames(sql);
  if (migrations.join("\n") !== header.migrations.join("\n")) {
    throw new SnapshotError(
      `The backup was taken at schema version ${header.migrations.at(-1) ?? "(none)"} (${header.migrations.length} migrations); ` +
        `this database is at ${migrations.at(-1) ?? "(none)"} (${migrations.length}). Restore it with the Gatehouse version that took it, into a database ` +
        `at that version: an empty one (the data folder moved aside, or a new PostgreSQL database) takes that version's schema when it starts.`,
    );
  }
  const tables = await dataTables(sql);
  const missing = header.tables.filter((t) => !tables.includes(t.name) && !isDerived(t.name)).map((t) => t.name);
  if (missing.length) throw new SnapshotError(`This database has no table ${missing.join(", ")}`);
  if (mode === "into-empty") {
    for (const t of tables) {
      const [r] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t)}`);
      if (Number(r.n) > 0) throw new SnapshotError(`The target database is not empty (table ${t} has ${r.n} rows); db:move only fills an empty database`);
    }
  } else if (tables.length) {
    const derived = await derivedTables(sql);
    await sql.exec(`TRUNCATE ${[...tables, ...derived].map(ident).join(", ")}`);
  }
  // The snapshot lists tables parents first (dataTables), and the schema is the same, so rows
  // can go in as they are read: every foreign key finds its row.
  const byName = new Map(header.tables.map((t) => [t.name, t]));
  for await (const line of snapshotLines(file)) {
    if (line.startsWith('{"format"')) continue;
    const chunk = ROWS_LINE.exec(line);
    if (!chunk) throw new SnapshotError("A line of the backup is not one Gatehouse wrote: it is damaged, or not a Gatehouse backup");
    const name = JSON.parse(chunk[1]!) as string;
    if (isDerived(name)) continue;
    const summary = byName.get(name);
    if (!summary) throw new SnapshotError(`The backup holds rows of an unlisted table ${name}`);
    const cols = summary.columns.map(ident).join(", ");
    const table = ident(name);
    await sql.query(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, $1::json)`, [chunk[2]]);
  }
  for (const t of header.tables.filter((x) => !isDerived(x.name))) {
    const now = await summarize(sql, t.name);
    if (now.rows !== t.rows || now.digest !== t.digest) {
      throw new SnapshotError(`Table ${t.name}: the backup has ${t.rows} rows, the database now ${now.rows}${now.rows === t.rows ? " with different ids" : ""}; nothing was changed`);
    }
  }
}
