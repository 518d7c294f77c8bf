// Why: starting an in-memory PGlite runs initdb (~6 s on a 2-core machine), and each of the ~50
// integration files starts at least one — minutes of every `npm test` spent rebuilding the same
// empty (or freshly migrated) cluster. PGlite can start from a dump of a data folder in ~1 s, so
// the first file to need one builds it and leaves the dump on disk; later files (and later runs,
// until a migration or the PGlite version changes) load it. Like PostgreSQL's template databases:
// every test still gets a database of its own. lib/db/migrations.integration.test.ts applies the
// migrations to a really empty database, so the migrations themselves stay tested.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readMigrations } from "../db/migrations";

const CACHE_DIR = path.join(process.cwd(), "node_modules", ".cache", "gatehouse-test-db");

export type ImageKind = "empty" | "migrated";

function pgliteVersion(): string {
  const pkg = path.join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

function imagePath(kind: ImageKind): string {
  const hash = crypto.createHash("sha256").update(pgliteVersion());
  if (kind === "migrated") for (const m of readMigrations()) hash.update(`${m.name}:${m.checksum}`);
  return path.join(CACHE_DIR, `${kind}-${hash.digest("hex").slice(0, 16)}.tar`);
}

/**
 * The dump of a `kind` cluster: read from the cache, or made by `build` (which returns a fresh
 * cluster's dump) when no run has left one yet. Written under a temporary name and renamed, so a
 * concurrent run never reads half a file.
 */
export async function pgliteImage(kind: ImageKind, build: () => Promise<Blob>): Promise<Blob> {
  const file = imagePath(kind);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const image = await build();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await image.arrayBuffer()));
  fs.renameSync(tmp, file);
  // Images of older migrations or PGlite versions are never read again (~40 MB each).
  for (const name of fs.readdirSync(CACHE_DIR)) {
    if (name.startsWith(`${kind}-`) && name.endsWith(".tar") && path.join(CACHE_DIR, name) !== file) fs.rmSync(path.join(CACHE_DIR, name), { force: true });
  }
  return image;
}
