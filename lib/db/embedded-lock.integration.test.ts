// One owner per embedded folder: a second opener is refused (in this process or another), and a
// lock left behind by a killed process is recovered with the data intact.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EmbeddedDatabaseLockedError, acquireEmbeddedLock, embeddedLockHolder, lockPath } from "./embedded-lock";
import { openDatabase } from "./open";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-lock-"));
let template: string | undefined;

/** A fresh, closed embedded database folder (a copy of one made once: creating one is the slow part). */
async function tmpFolder(): Promise<string> {
  if (!template) {
    template = path.join(root, "template");
    await (await openDatabase(`pglite:${template}`)).close();
  }
  const dir = path.join(fs.mkdtempSync(path.join(root, "t-")), "pglite");
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

/** A child process that opens the folder, writes a row, says "ready" and waits to be killed. */
function holdInChild(dir: string) {
  const code = `
    import { openDatabase } from "./lib/db/open";
    const { adapter } = await openDatabase("pglite:${dir}");
    await adapter.transaction((sql) => sql.exec("CREATE TABLE IF NOT EXISTS kept (n int); INSERT INTO kept VALUES (1)"));
    console.log("ready");
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.on("exit", (c) => reject(new Error(`child exited ${c}`)));
  });
  return { child, ready };
}

describe("embedded database lock", () => {
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("refuses a second opener in the same process and names the holder", async () => {
    const dir = await tmpFolder();
    const first = await openDatabase(`pglite:${dir}`);
    try {
      await assert.rejects(openDatabase(`pglite:${dir}`), (e: unknown) => e instanceof EmbeddedDatabaseLockedError && e.holder.pid === process.pid && /already open in process/.test(e.message));
    } finally {
      await first.close();
    }
    assert.equal(fs.existsSync(lockPath(dir)), false, "closing releases the lock");
    const again = await openDatabase(`pglite:${dir}`);
    await again.close();
  });

  it("refuses while another process holds the folder, and recovers the lock once that process is killed", async () => {
    const dir = await tmpFolder();
    const { child, ready } = holdInChild(dir);
    await ready;
    try {
      assert.equal(embeddedLockHolder(dir)?.pid, child.pid);
      await assert.rejects(openDatabase(`pglite:${dir}`), (e: unknown) => e instanceof EmbeddedDatabaseLockedError && e.holder.pid === child.pid);
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
    assert.equal(fs.existsSync(lockPath(dir)), true, "a killed process leaves its lock file");
    assert.equal(embeddedLockHolder(dir), null, "but it reads as stale");
    const reopened = await openDatabase(`pglite:${dir}`);
    try {
      const rows = await reopened.adapter.transaction((sql) => sql.query<{ n: number }>("SELECT n FROM kept"));
      assert.deepEqual(rows, [{ n: 1 }]);
      assert.equal(embeddedLockHolder(dir)?.pid, process.pid);
    } finally {
      await reopened.close();
    }
  });

  it("treats a lock whose pid now belongs to another process (pid reuse) as stale", async () => {
    const dir = await tmpFolder();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    // A live pid (our parent) but not the start time recorded: the holder died and the pid was reused.
    const reused = { pid: process.ppid, startTime: "1", hostname: os.hostname(), acquiredAt: "2026-01-01T00:00:00.000Z" };
    fs.writeFileSync(lockPath(dir), JSON.stringify(reused));
    const dead = spawnSync("true").pid!;
    assert.equal(embeddedLockHolder(dir), null);
    const opened = await openDatabase(`pglite:${dir}`);
    await opened.close();
    fs.writeFileSync(lockPath(dir), JSON.stringify({ ...reused, pid: dead, startTime: null }));
    assert.equal(embeddedLockHolder(dir), null, "a pid that no longer runs");
    const again = await openDatabase(`pglite:${dir}`);
    await again.close();
  });

  // The server runs as its own user and writes the lock 0600; an operator in a group that may write
  // the data folder runs a CLI as themselves. Unable to read the lock, the CLI took it for a torn
  // file, moved it aside as stale and deleted it: the live server's lock was gone, so the next
  // opener (a second npm start) opened the folder beside it.
  it("never takes over a lock it cannot read", () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-lock-shared-"));
    fs.chmodSync(parent, 0o777);
    const dir = path.join(parent, "pglite");
    const held = acquireEmbeddedLock(dir);
    try {
      const before = fs.readFileSync(lockPath(dir), "utf8");
      // As root, the opener runs as another user (root reads any file); otherwise the lock is made
      // unreadable to its own user instead.
      const asOtherUser = process.getuid?.() === 0;
      if (!asOtherUser) fs.chmodSync(lockPath(dir), 0o000);
      const code = `
        import { acquireEmbeddedLock } from "./lib/db/embedded-lock";
        try { acquireEmbeddedLock(${JSON.stringify(dir)}); console.log("took the lock"); }
        catch (e) { console.log("refused: " + (e instanceof Error ? e.message : String(e))); }`;
      const other = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
        ...(asOtherUser ? { uid: 65534, gid: 65534 } : {}),
        env: { ...process.env, HOME: parent },
        encoding: "utf8",
      });
      assert.match(other.stdout, /^refused: /, `${other.stdout}${other.stderr}`);
      assert.match(other.stdout, /cannot read/i, "says why");
      fs.chmodSync(lockPath(dir), 0o600);
      assert.equal(fs.readFileSync(lockPath(dir), "utf8"), before, "the holder's lock is where it was");
    } finally {
      held.release();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
