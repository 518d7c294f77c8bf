// The database commands behind the CLIs (scim-token, db:backup, db:restore, db:move's snapshot).
// Each is a function of an open database, so it runs the same inside the server that holds the
// embedded folder (asked over its control socket, lib/db/control.ts) or, when no server holds it,
// in the CLI's own process.
import path from "node:path";
import { systemActor } from "../../lib/audit/actor";
import { ControlError, callControl, type ControlHandlers } from "../../lib/db/control";
import { databaseKind, databaseUrl, pgliteDir } from "../../lib/db/database-url";
import { EmbeddedDatabaseLockedError, embeddedLockHolder, type LockHolder } from "../../lib/db/embedded-lock";
import { applyMigrations } from "../../lib/db/migrations";
import { openDatabase, type OpenDatabase } from "../../lib/db/open";
import { missingTables, replaceWithSnapshot, writeSnapshot, type SnapshotHeader } from "../../lib/db/snapshot";
import { JACKSON_TABLES, createJacksonStoreTables } from "../../lib/saml/jackson-store-tables";
import { appUrl, dataDir, env } from "../../lib/env";
import { SCIM_BASE_PATH } from "../../lib/scim/endpoints";
import { createScimToken } from "../../lib/scim-tokens/create-token";
import { createTeamForOperator, type OperatorTeamResult } from "../../lib/teams/create-team-for-operator";

/** `endpoint` is the SCIM base URL of the process that made the token: the running server's when it was asked. */
export type TokenResult = { slug: string; name: string; prefix: string; secret: string; endpoint: string };
export type SnapshotResult = { file: string; tables: { name: string; rows: number }[]; migrations: number };

const summary = (file: string, h: SnapshotHeader): SnapshotResult => ({
  file,
  tables: h.tables.map((t) => ({ name: t.name, rows: t.rows })),
  migrations: h.migrations.length,
});

const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");
/**
 * A file named on a CLI's command line, from the folder the operator typed it in: `npm run` runs
 * scripts from the package's folder, so `npm run db:backup -- ../x.gz` from elsewhere wrote beside
 * the package, not where asked.
 */
export const operatorPath = (file: string, typedIn = env().INIT_CWD ?? process.cwd()): string => path.resolve(typedIn, file);

export const defaultBackupFile = (prefix = "gatehouse") => path.join(dataDir(), "backups", `${prefix}-${stamp()}.gatehouse-backup.gz`);

const text = (v: unknown, what: string): string => {
  if (typeof v !== "string" || !v) throw new Error(`${what} is required`);
  return v;
};

export function dbCommands(open: OpenDatabase): ControlHandlers {
  return {
    async "scim-token"(args): Promise<TokenResult | null> {
      const slug = text(args.slug, "team slug");
      const team = await open.db.team.findUnique({ where: { slug } });
      if (!team) throw new Error(`No team with slug "${slug}".`);
      const name = (typeof args.name === "string" && args.name.trim()) || "CLI token";
      const token = await createScimToken(open.db, { teamId: team.id, name, mayManageOwners: true }, systemActor("cli"));
      return { slug, name: token.name, prefix: token.prefix, secret: token.secret, endpoint: `${appUrl()}${SCIM_BASE_PATH}` };
    },
    async "team-create"(args): Promise<OperatorTeamResult> {
      // The operator: allowed whatever GATEHOUSE_TEAM_CREATION says (lib/teams/policy.ts).
      return createTeamForOperator(open.db, { slug: text(args.slug, "team slug"), name: text(args.name, "team name"), ownerEmail: text(args.owner, "--owner email") }, systemActor("cli"));
    },
    async backup(args): Promise<SnapshotResult> {
      const file = text(args.file, "backup file");
      return summary(file, await writeSnapshot(open.adapter, file));
    },
    async restore(args): Promise<SnapshotResult & { previous: string }> {
      const file = text(args.file, "backup file");
      // A folder restored into for the first time has no schema yet; elsewhere a no-op.
      await applyMigrations(open.adapter);
      // On PostgreSQL jackson's store lives in this database, so a backup of a server that used SSO
      // holds its tables; a new database (disaster recovery) has none until jackson first starts.
      const missing = await missingTables(open.adapter, file);
      if (databaseKind() === "postgres" && missing.some((t) => JACKSON_TABLES.includes(t))) await createJacksonStoreTables(databaseUrl());
      // What is replaced stays recoverable: written in the restore's own transaction.
      const previous = defaultBackupFile("before-restore");
      return { ...summary(file, await replaceWithSnapshot(open.adapter, file, previous)), previous };
    },
  };
}

/** The live server holding the embedded database at DATABASE_URL, if one does. */
function runningServer(url: string): LockHolder | null {
  if (databaseKind(url) !== "pglite") return null;
  const dir = pgliteDir(url);
  return dir ? embeddedLockHolder(dir) : null;
}

function ask<T>(holder: LockHolder, command: string, args: Record<string, unknown>): Promise<T> {
  if (!holder.control) {
    throw new ControlError(
      `The embedded database is open in process ${holder.pid}, which takes no requests (it is not \`npm start\`). Stop it and run this again.`,
    );
  }
  console.error(`(asking the running server, process ${holder.pid})`);
  return callControl<T>(holder.control, command, args);
}

/**
 * Runs a command against DATABASE_URL: through the running server when one holds the embedded
 * folder, else on a database opened here (and closed again).
 */
export async function runDbCommand<T>(command: string, args: Record<string, unknown>, url = databaseUrl()): Promise<T> {
  const holder = runningServer(url);
  if (holder) return ask<T>(holder, command, args);
  let open: OpenDatabase;
  try {
    open = await openDatabase(url);
  } catch (e) {
    // A server started between our look and our open.
    if (e instanceof EmbeddedDatabaseLockedError) return ask<T>(e.holder, command, args);
    throw e;
  }
  try {
    return (await dbCommands(open)[command](args)) as T;
  } finally {
    await open.close();
  }
}
