import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMigratedDatabase, type EmptyDatabase } from "../testing/test-database";
import { getDb } from "./client";
import { prismaClientOn, type Db } from "./open";
import { setProcessDatabase, shareAdapter } from "./process-database";

let m: EmptyDatabase;
let handlers: Db;
before(async () => {
  m = await createMigratedDatabase();
  // As under `npm start`: the server opened the database, and route handlers join its adapter.
  setProcessDatabase(undefined);
  shareAdapter(m.adapter);
  handlers = await getDb();
});
after(async () => {
  await handlers.$disconnect();
  await m.close();
});

describe("the route handlers' database client", () => {
  // Prisma's own bounds (2 s to start a transaction, 5 s to run one) turned a queue of writes to
  // one team into errors; the server's client once lacked ours (transaction-options.ts).
  it("lets a write wait its turn behind another team write for longer than Prisma's default bounds", { timeout: 30_000 }, async () => {
    const other = prismaClientOn(m.adapter.factory);
    const team = await other.team.create({ data: { slug: "queued-writes", name: "Queued writes" } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const holder = other.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${team.id} FOR UPDATE`;
      locked();
      await held;
    });
    await lockTaken;
    const queued = handlers.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${team.id} FOR UPDATE`;
      return tx.team.update({ where: { id: team.id }, data: { name: "Written after the wait" } });
    });
    // Longer than both of Prisma's defaults; on the embedded database the write waits for the
    // one connection (the start bound), on PostgreSQL for the row lock (the run bound).
    setTimeout(release, 5_500);
    await holder;
    assert.equal((await queued).name, "Written after the wait");
    await other.$disconnect();
  });
});
