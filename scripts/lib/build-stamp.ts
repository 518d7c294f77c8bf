// Whether the production build in distDir was made from the sources as they are now: a hash of
// every file the build reads (app code, config, the lockfile) stored beside the build. `npm start`
// rebuilds only when it differs, so a restart with nothing changed skips the ~50 s build.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// What `next build` compiles or is configured by. Tests, e2e, bench and scripts are not built.
const SOURCE_DIRS = ["app", "components", "lib", "public", "prisma"];
const SOURCE_FILES = ["next.config.ts", "postcss.config.mjs", "tsconfig.json", "package.json", "package-lock.json", "proxy.ts", "middleware.ts"];
const SKIP = /(^|\/)(node_modules|\.next[^/]*)(\/|$)|\.test\.tsx?$/;
const STAMP = "gatehouse-source-hash";

function* files(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (SKIP.test(p)) continue;
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

export function sourceHash(root = process.cwd()): string {
  const hash = crypto.createHash("sha256");
  const all = [...SOURCE_DIRS.flatMap((d) => [...files(path.join(root, d))]), ...SOURCE_FILES.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f))];
  for (const f of all) {
    hash.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  }
  return hash.digest("hex");
}

export function buildIsCurrent(distDir: string, root = process.cwd()): { fresh: boolean; hash: string; reason: string } {
  const hash = sourceHash(root);
  const dist = path.resolve(root, distDir);
  if (!fs.existsSync(path.join(dist, "BUILD_ID"))) return { fresh: false, hash, reason: "no build yet" };
  let stamp = "";
  try {
    stamp = fs.readFileSync(path.join(dist, STAMP), "utf8").trim();
  } catch {
    return { fresh: false, hash, reason: "the build's sources are unknown" };
  }
  return stamp === hash ? { fresh: true, hash, reason: "sources and lockfile unchanged" } : { fresh: false, hash, reason: "sources or lockfile changed" };
}

export function recordBuild(distDir: string, hash: string, root = process.cwd()): void {
  fs.writeFileSync(path.join(path.resolve(root, distDir), STAMP), `${hash}\n`);
}
