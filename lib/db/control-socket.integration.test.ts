// The CLIs' socket of a data folder whose path is too long for a socket's address (a deep volume
// mount): it went straight into the shared temporary folder under a name anyone could compute, so
// another local user could take the name first and stop the server from starting (found by an
// operator's review). Then in a folder `gatehouse-<uid>` there, whose name was as predictable
// (found by the fix's review). It now lives in a fresh folder of random name, this user's alone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { callControl, startControlServer } from "./control";
import { acquireEmbeddedLock } from "./embedded-lock";

describe("the control socket of a long data folder", () => {
  it("is served from this user's own folder (0700), and answers the CLIs", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-control-"));
    const dir = path.join(root, "a-volume-mounted-somewhere-deep".repeat(4), "pglite");
    fs.mkdirSync(dir, { recursive: true });
    const lock = acquireEmbeddedLock(dir);
    try {
      const control = await startControlServer(dir, lock, { ping: async () => "pong" });
      try {
        const address = lock.holder.control!;
        assert.ok(Buffer.byteLength(address.socket) <= 100, address.socket);
        const folder = path.dirname(address.socket);
        assert.notEqual(folder, os.tmpdir());
        assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
        assert.equal(fs.statSync(folder).uid, process.getuid!());
        assert.equal(await callControl(address, "ping", {}), "pong");
      } finally {
        await control.close();
      }
      assert.equal(fs.existsSync(path.dirname(lock.holder.control!.socket)), false, "removed on close");
    } finally {
      lock.release();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("starts whatever another local user created in the temp folder first", async () => {
    // A private stand-in for /tmp (sticky, world-writable), so nothing shared is touched. What a
    // local user could put at the names the server used: a symlink to their own folder, a file.
    const fakeTmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sticky-"));
    fs.chmodSync(fakeTmp, 0o1777);
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = fakeTmp;
    const dir = path.join(fakeTmp, "a-volume-mounted-somewhere-deep".repeat(4), "pglite");
    fs.mkdirSync(dir, { recursive: true });
    const lock = acquireEmbeddedLock(dir);
    try {
      fs.mkdirSync(path.join(fakeTmp, "theirs"), { mode: 0o755 });
      fs.symlinkSync(path.join(fakeTmp, "theirs"), path.join(fakeTmp, `gatehouse-${process.getuid!()}`));
      fs.writeFileSync(path.join(fakeTmp, "gatehouse-user"), "");
      const control = await startControlServer(dir, lock, { ping: async () => "pong" });
      try {
        assert.equal(await callControl(lock.holder.control!, "ping", {}), "pong");
      } finally {
        await control.close();
      }
    } finally {
      lock.release();
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      fs.rmSync(fakeTmp, { recursive: true, force: true });
    }
  });
});
