// jackson's own tables in the app's PostgreSQL database (jackson_store, jackson_index,
// jackson_ttl: SAML/OIDC connections, the SP key, login state). jackson makes them on its first
// start (its typeorm entities, synchronised), which happens on the first SSO request, not at
// start-up. A restore into a new database (disaster recovery) needs them before it can load a
// backup that holds them; this makes them exactly as jackson would, with jackson's own code, and
// nothing else: no SP key, no connection, no encryption key needed.
// Loaded at run time, as open-jackson.ts loads jackson: typeorm must come from node_modules.
import { jacksonStore } from "./jackson-config";

/** The tables jackson's SQL store keeps (one name per entity). */
export const JACKSON_TABLES: readonly string[] = ["jackson_index", "jackson_store", "jackson_ttl"];

type Entities = { JacksonStore: unknown; JacksonIndex: unknown; JacksonTTL: unknown };
type SqlStore = { close: () => Promise<void> };
type SqlModule = { new: (options: unknown, entities: Entities) => Promise<SqlStore> };

const interop = <T>(mod: unknown): T => ((mod as { default?: T }).default ?? mod) as T;

/**
 * Creates jackson's tables in the PostgreSQL database at `databaseUrl` if they are missing (a
 * no-op when they exist). The caller makes sure the database answers: jackson retries its first
 * connection for ever.
 */
export async function createJacksonStoreTables(databaseUrl: string): Promise<void> {
  const base = "@boxyhq/saml-jackson/dist/db/sql";
  const [sqlModule, store, index, ttl] = await Promise.all([
    import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${base}/sql.js`),
    import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${base}/entity/JacksonStore.js`),
    import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${base}/entity/JacksonIndex.js`),
    import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${base}/entity/JacksonTTL.js`),
  ]);
  const entities: Entities = {
    JacksonStore: interop<Entities>(store).JacksonStore,
    JacksonIndex: interop<Entities>(index).JacksonIndex,
    JacksonTTL: interop<Entities>(ttl).JacksonTTL,
  };
  const logger = { info: () => {}, warn: (m: unknown) => console.error(`[saml] ${String(m)}`), error: (m: unknown) => console.error(`[saml] ${String(m)}`) };
  const sql = await interop<SqlModule>(sqlModule).new({ db: jacksonStore({ databaseUrl, dataDir: "" }), logger }, entities);
  await sql.close();
}
