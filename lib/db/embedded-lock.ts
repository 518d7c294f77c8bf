// One owner per embedded database. PGlite keeps its data folder's pages in the opening process's
// memory: a second process opening the same folder writes over the first one's pages and the
// folder no longer opens ("Aborted()"). So whoever opens a folder first holds `<folder>.lock`;
// a second opener is refused and told who holds it.
//
// The lock file names its holder (pid, the process's start time, host) and, for a server, how to
// reach it (a Unix socket and a secret): CLIs read it to ask the running server instead of
// opening the folder (lib/db/control.ts). A lock left by a killed process is recovered: its pid is
// gone, or the pid now belongs to a later process (a different start time).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type LockHolder = {
  pid: number;
  /** The holder's start time as the kernel records it (Linux: clock ticks since boot); null elsewhere. */
  startTime: string | null;
  hostname: string;
  acquiredAt: string;
  /** Set by a server that answers CLI requests on a Unix socket. */
  control?: { socket: string; secret: string };
};

export class EmbeddedDatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database ${dir} is already open in process ${holder.pid} on ${holder.hostname} (since ${holder.acquiredAt}). ` +
        `An embedded database belongs to one process: stop that process first, or use PostgreSQL (DATABASE_URL=postgresql://…) to run several. ` +
        `If no such process exists, delete ${lockPath(dir)}.`,
    );
    this.name = "EmbeddedDatabaseLockedError";
  }
}

export const lockPath = (dir: string): string => `${path.resolve(dir).replace(/\/+$/, "")}.lock`;

/** Linux: field 22 of /proc/<pid>/stat, which differs between two processes that reused one pid. */
function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function processIsAlive(pid: number): boolean {
  // kill(0 or negative) would address process groups, not one process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process a lock file names still runs. A lock from another host counts as live: we cannot tell. */
export function holderIsAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  if (!processIsAlive(holder.pid)) return false;
  if (holder.startTime === null) return true;
  const now = processStartTime(holder.pid);
  return now === null || now === holder.startTime;
}

function readHolder(file: string): LockHolder | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    // Unreadable is not stale: a server running as another user holds its lock 0600. Taking it
    // over would delete a live lock and let the next opener in beside the server.
    throw new Error(
      `Cannot read the embedded database's lock ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}): ` +
        `run this as the user the server runs as.`,
    );
  }
  try {
    return JSON.parse(text) as LockHolder;
  } catch {
    // Torn or foreign content: a holder writes its file whole (link of a complete temp file), so
    // this is not a live lock in the middle of being written.
    return { pid: -1, startTime: null, hostname: os.hostname(), acquiredAt: "unknown" };
  }
}

/** The live process holding the folder, if any (stale locks read as free). */
export function embeddedLockHolder(dir: string): LockHolder | null {
  const holder = readHolder(lockPath(dir));
  return holder && holderIsAlive(holder) ? holder : null;
}

export type EmbeddedLock = {
  holder: LockHolder;
  /** Rewrites the lock file with how to reach this process (the server's control socket). */
  advertise: (control: LockHolder["control"]) => void;
  release: () => void;
};

/** Takes the folder's lock or throws EmbeddedDatabaseLockedError. A stale lock is removed first. */
export function acquireEmbeddedLock(dir: string): EmbeddedLock {
  const file = lockPath(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    hostname: os.hostname(),
    acquiredAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written whole under a temporary name, then linked: link() fails if the lock exists, so
    // exactly one process wins and nobody ever reads a half-written lock.
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
      return ownedLock(file, holder);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    const current = readHolder(file);
    if (current && holderIsAlive(current)) throw new EmbeddedDatabaseLockedError(dir, current);
    removeStaleLock(file, current);
  }
  throw new Error(`Could not take the lock ${file} (it keeps changing hands)`);
}

/**
 * Two processes may find one stale lock at once. Each moves the lock aside under a unique name
 * and only deletes what it moved if it is still the stale holder it read; if it caught a
 * newer live lock instead, it puts it back.
 */
function removeStaleLock(file: string, stale: LockHolder | null) {
  const aside = `${file}.stale.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  const moved = readHolder(aside);
  if (moved && stale && moved.pid === stale.pid && moved.acquiredAt === stale.acquiredAt) {
    fs.rmSync(aside, { force: true });
    return;
  }
  try {
    fs.linkSync(aside, file);
  } catch {
    /* someone took the lock meanwhile; theirs stands */
  }
  fs.rmSync(aside, { force: true });
}

function ownedLock(file: string, holder: LockHolder): EmbeddedLock {
  let released = false;
  const onExit = () => release();
  function release() {
    if (released) return;
    released = true;
    process.off("exit", onExit);
    // Only our own lock: never delete one a later owner took after a mistaken manual removal.
    const current = readHolder(file);
    if (current && current.pid === holder.pid && current.acquiredAt === holder.acquiredAt) fs.rmSync(file, { force: true });
  }
  process.on("exit", onExit);
  return {
    holder,
    advertise(control) {
      holder.control = control;
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    release,
  };
}
