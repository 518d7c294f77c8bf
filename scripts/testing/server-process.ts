// `npm start`'s server as a child process, for the tests of the scripts beside it. Ready when it
// says so on stdout (the line start.ts prints once it listens), rather than polled for.
import { spawn, type ChildProcess } from "node:child_process";

export const SERVING_LINE = /Gatehouse is serving on /;

export class ServerProcess {
  child: ChildProcess | undefined;
  log = "";

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const from = this.log.length;
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        this.log += d;
        if (SERVING_LINE.test(this.log.slice(from))) resolve();
      });
      child.stderr!.on("data", (d: Buffer) => (this.log += d));
      child.once("exit", (code) => reject(new Error(`server exited ${code}:\n${this.log}`)));
    });
    await ready;
  }

  /** SIGTERM, the clean stop, and wait for the process to end. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }

  /**
   * SIGKILL, as the OOM killer or a `kill -9` ends it: nothing of the process's own runs (no drain,
   * no checkpoint, no lock released). Resolves once it has ended. Sent at once, in the caller's turn.
   */
  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGKILL");
    return exited;
  }
}
