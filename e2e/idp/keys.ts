// Test-only IdP key pairs, made fresh at test time with openssl: no private key is committed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type KeyPair = { privateKey: string; cert: string };

export function generateKeyPair(cn = "gatehouse-test-idp"): KeyPair {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-idp-"));
  try {
    const key = path.join(dir, "idp.key");
    const crt = path.join(dir, "idp.crt");
    execFileSync(
      "openssl",
      ["req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2", "-subj", `/CN=${cn}`, "-keyout", key, "-out", crt],
      { stdio: "ignore" },
    );
    return { privateKey: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(crt, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
