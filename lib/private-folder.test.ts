import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensurePrivateFolder } from "./private-folder";

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe("ensurePrivateFolder", () => {
  it("creates the folder (and those above it) for its user alone, and closes an existing one others could enter", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-private-"));
    try {
      const made = path.join(root, "data", "pglite");
      ensurePrivateFolder(made);
      assert.equal(mode(made), 0o700);
      assert.equal(mode(path.dirname(made)), 0o700);
      const open = path.join(root, "open");
      fs.mkdirSync(open);
      fs.chmodSync(open, 0o755);
      ensurePrivateFolder(open);
      assert.equal(mode(open), 0o700);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  // Found by review: on a read-only mount (or another user's folder) the chmod threw and start-up failed.
  it("leaves a folder it cannot change as it is, with a warning, and does not throw", () => {
    // procfs refuses a chmod of a process's folder (EPERM), as a read-only mount would (EROFS).
    const before = mode("/proc/self");
    assert.doesNotThrow(() => ensurePrivateFolder("/proc/self"));
    assert.equal(mode("/proc/self"), before);
  });
});
