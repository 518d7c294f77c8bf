// Where this process's resident memory is, for `npm start --memory-report` (bench/load.ts asks
// for it with SIGUSR2 and prints it). V8's counters say what JavaScript holds; `external` counts
// memory V8 tracks outside its heap, WebAssembly memories included (PGlite's PostgreSQL is most
// of it on the embedded engine); /proc/self/smaps gives the mapped files (code); the rest is
// malloc arenas (Node, V8's compiler and GC threads, native modules).
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import v8 from "node:v8";
import { embeddedFsyncs } from "../../lib/db/adapter";

const MB = 1024 * 1024;

type Mapping = { size: number; rss: number; anonymous: boolean; name: string };

function mappings(): Mapping[] {
  const out: Mapping[] = [];
  let current: Mapping | undefined;
  for (const line of fs.readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (head) {
      current = { size: parseInt(head[2], 16) - parseInt(head[1], 16), rss: 0, anonymous: head[3] === "0", name: head[4] };
      out.push(current);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) current.rss = Number(rss[1]) * 1024;
  }
  return out;
}

export function memoryReport(): Record<string, number> {
  const m = process.memoryUsage();
  const maps = mappings();
  const sum = (f: (x: Mapping) => boolean) => maps.filter(f).reduce((a, x) => a + x.rss, 0);
  const heapCommitted = v8.getHeapSpaceStatistics().reduce((a, s) => a + s.physical_space_size, 0);
  const files = sum((x) => !x.anonymous || (x.name !== "" && !x.name.startsWith("[")));
  const mb = (n: number) => Math.round(n / MB);
  return {
    rss: mb(m.rss),
    jsHeapCommitted: mb(heapCommitted),
    jsHeapUsed: mb(m.heapUsed),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    mappedFiles: mb(files),
    other: mb(Math.max(0, m.rss - heapCommitted - m.external - files)),
  };
}

/**
 * With --memory-report, SIGUSR2 prints one JSON line `memory {...}` on stderr (announced first):
 * the memory above, then since the previous report the event loop's longest delay (nothing is
 * served while it is blocked) and the embedded database's fsyncs.
 */
export function reportMemoryOnSignal(): void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on("SIGUSR2", () => {
    const blocked = { loopDelayMaxMs: Math.round(loop.max / 1e6), loopDelayP99Ms: Math.round(loop.percentile(99) / 1e6) };
    const f = embeddedFsyncs;
    const fsyncs = { fsyncs: f.count, fsyncMsTotal: Math.round(f.totalMs), fsyncMsMax: Math.round(f.maxMs), fsyncsOver100ms: f.over100ms };
    loop.reset();
    Object.assign(f, { count: 0, totalMs: 0, maxMs: 0, over100ms: 0 });
    console.error(`memory ${JSON.stringify({ ...memoryReport(), ...blocked, ...fsyncs })}`);
  });
  console.error("memory-report: on SIGUSR2");
}
