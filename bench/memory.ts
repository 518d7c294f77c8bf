// Resident memory of a process and all its descendants, read from /proc (Linux).
import fs from "node:fs";

export type ProcessMemory = { total: number; processes: { pid: number; name: string; rss: number }[] };

const PAGE = 4096;

const TICKS = 100; // USER_HZ: clock ticks per second in /proc/<pid>/stat on Linux

function stat(pid: number): { ppid: number; rssPages: number; cpuTicks: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // utime + stime, all threads; the process's own, not its waited-for children's.
    return { ppid: Number(fields[1]), rssPages: Number(fields[21]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** A short name: the script a node process runs (e.g. "next start", "scripts/start.ts"). */
function name(pid: number): string {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const script = argv.slice(1).find((a) => !a.startsWith("-") && a !== "tsx");
    const tail = script ? script.split("/").slice(-2).join("/") : argv[0];
    const sub = argv.includes("start") && /next/.test(tail) ? " start" : "";
    return `${tail}${sub}`;
  } catch {
    return String(pid);
  }
}

function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const pids: number[] = [];
  const visit = (pid: number) => {
    pids.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return pids;
}

/** CPU seconds (user + system) used so far by a process and its descendants. */
export function processTreeCpu(root: number): number {
  return tree(root).reduce((a, pid) => a + (stat(pid)?.cpuTicks ?? 0), 0) / TICKS;
}

export function processTreeMemory(root: number): ProcessMemory {
  const processes: ProcessMemory["processes"] = [];
  for (const pid of tree(root)) {
    const s = stat(pid);
    if (s) processes.push({ pid, name: name(pid), rss: s.rssPages * PAGE });
  }
  return { total: processes.reduce((a, p) => a + p.rss, 0), processes };
}
