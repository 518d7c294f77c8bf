// Several app instances on one PostgreSQL sign AuthnRequests with the one SP key the metadata
// publishes. jackson makes that key on its first start; two instances starting together each
// made their own and kept it in memory, so one of them signed with a key strict IdPs refused.
// Runs on a PostgreSQL database of its own (lib/testing/own-postgres-database.ts).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import pg from "pg";
import { waitForLockWaiters } from "../testing/lock-waiters";
import { createOwnDatabase, type OwnDatabase } from "../testing/own-postgres-database";

let own: OwnDatabase;
const ENCRYPTION_KEY = crypto.randomBytes(32).toString("base64");

/** An instance's jackson start, in a process of its own; resolves to the key it signs with. */
function startInstance(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/saml/testing/start-jackson-process.ts"],
      { env: { ...process.env, DATABASE_URL: own.url, JACKSON_ENCRYPTION_KEY: ENCRYPTION_KEY }, encoding: "utf8" },
      (error, stdout, stderr) => (error ? reject(new Error(`jackson start failed: ${stderr}`)) : resolve(JSON.parse(stdout).publicKey)),
    );
  });
}

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe("the SP signing key on several instances", () => {
  before(async () => (own = await createOwnDatabase("gatehouse_spkey")));
  after(() => own.drop());

  it("two instances whose first starts meet use the same key, the one the store keeps", async () => {
    // jackson's tables, made by a first start; its key is then removed so that the next two
    // starts both find none, as two instances do on a new deployment.
    await startInstance();
    const db = await connect(own.url);
    try {
      const removed = await db.query(`DELETE FROM jackson_store WHERE namespace = 'x509:certificates'`);
      assert.equal(removed.rowCount, 1);
      // A starting gate: with jackson's store locked, both starts wait at the database until
      // both have arrived there, so that their reads of the (missing) key really meet.
      await db.query("BEGIN; LOCK TABLE jackson_store IN ACCESS EXCLUSIVE MODE");
      const starts = [startInstance(), startInstance()];
      let failed = false;
      starts.forEach((s) => s.catch(() => (failed = true)));
      await waitForLockWaiters(own.url, 2, () => failed);
      await db.query("ROLLBACK");
      const [a, b] = await Promise.all(starts);
      assert.equal(a, b, "the two instances sign with different keys");
      // And a later instance (which reads the store) agrees with both.
      assert.equal(await startInstance(), a);
    } finally {
      await db.end();
    }
  });
});
