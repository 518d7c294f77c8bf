// For a migration's own test: an empty database migrated up to, not including, the migration
// whose name ends with `suffix`, so the test can seed rows as they were before it; `migrateRest`
// applies it and every later one.
import assert from "node:assert/strict";
import { applyMigrations, readMigrations } from "../db/migrations";
import { createEmptyDatabase, type EmptyDatabase } from "./test-database";

export async function databaseBefore(suffix: string): Promise<EmptyDatabase & { migrateRest: () => Promise<unknown> }> {
  const t = await createEmptyDatabase();
  const all = readMigrations();
  const at = all.findIndex((m) => m.name.endsWith(suffix));
  assert.ok(at > 0, `no migration named …${suffix}`);
  await applyMigrations(t.adapter, all.slice(0, at));
  return { ...t, migrateRest: () => applyMigrations(t.adapter, all) };
}
