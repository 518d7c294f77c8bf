import "server-only";
import { databaseUrl } from "../db/database-url";
import { appUrl, dataDir, env, jacksonClientSecret, jacksonEncryptionKey } from "../env";
import { toSsoError } from "./errors";
import { jacksonOptions, jacksonStore } from "./jackson-config";
import { openJackson, withStartTimeout, type Jackson } from "./open-jackson";
import { isLoopbackOrigin } from "./policy";

const DATA_DIR = dataDir();

// The first request waits this long for jackson to start; later ones, while it is still trying,
// get an immediate 503 instead of queueing behind a database that is down.
const FIRST_WAIT_MS = env().JACKSON_START_TIMEOUT_MS;

type Slot = { starting: Promise<Jackson>; deadline: number };
const g = globalThis as unknown as { gatehouseJackson?: Slot };

/** The process's one jackson, started on first use (never at build time). */
export function getJackson(): Promise<Jackson> {
  if (!g.gatehouseJackson) {
    let starting: Promise<Jackson>;
    try {
      const url = databaseUrl();
      const options = jacksonOptions({
        appUrl: appUrl(),
        store: jacksonStore({ databaseUrl: url, dataDir: DATA_DIR }),
        // Encrypts connections, sessions and codes at rest; shared by all instances in production.
        encryptionKey: jacksonEncryptionKey(),
        clientSecretVerifier: jacksonClientSecret(),
      });
      // Its OpenID requests go through the same fence as our metadata fetches: loopback only for
      // a server that itself runs on loopback (sso-config-actions.ts decides the same for saves).
      starting = openJackson(options, url, { allowLoopback: isLoopbackOrigin(appUrl()) });
    } catch (e) {
      return Promise.reject(toSsoError(e, "start"));
    }
    const slot: Slot = { starting, deadline: Date.now() + FIRST_WAIT_MS };
    // A start that fails outright (bad key, missing module) may be retried by the next request.
    starting.catch((e: unknown) => {
      console.error(`[saml] jackson failed to start: ${e instanceof Error ? e.message : String(e)}`);
      if (g.gatehouseJackson === slot) g.gatehouseJackson = undefined;
    });
    g.gatehouseJackson = slot;
  }
  const slot = g.gatehouseJackson;
  return withStartTimeout(slot.starting, slot.deadline - Date.now()).catch((e: unknown) => Promise.reject(toSsoError(e, "start")));
}

/** The OAuth client secret next-auth presents to jackson's token endpoint. */
export { jacksonClientSecret };
