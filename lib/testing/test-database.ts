// A fresh, migrated database for one integration test file: an in-memory PGlite by default, or,
// when DATABASE_URL names a PostgreSQL server, a schema of its own there (dropped afterwards),
// so files never see each other's rows and the same tests prove both engines.
import crypto from "node:crypto";
import { createAdapter } from "../db/adapter";
import { databaseKind, databaseUrl } from "../db/database-url";
import { applyMigrations } from "../db/migrations";
import { openDatabase, type OpenDatabase } from "../db/open";

export type TestDatabase = OpenDatabase & { kind: "pglite" | "postgres" };

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url || databaseKind(url) === "pglite") {
    const handle = await createAdapter("pglite:memory");
    await applyMigrations(handle);
    const { PrismaClient } = await import("../db/generated/client");
    const db = new PrismaClient({ adapter: handle.factory });
    return {
      kind: "pglite",
      db,
      close: async () => {
        await db.$disconnect();
        await handle.close();
      },
    };
  }
  const schema = `test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = await createAdapter(databaseUrl());
  await admin.transaction((sql) => sql.exec(`CREATE SCHEMA "${schema}"`));
  const scoped = await createAdapter(databaseUrl(), { schema });
  await applyMigrations(scoped);
  await scoped.close();
  const opened = await openDatabase(databaseUrl(), { schema });
  return {
    kind: "postgres",
    db: opened.db,
    close: async () => {
      await opened.close();
      await admin.transaction((sql) => sql.exec(`DROP SCHEMA "${schema}" CASCADE`));
      await admin.close();
    },
  };
}
