// Jackson's options, built from the app's own settings. Pure (no I/O), so the store choice is
// unit-tested: PostgreSQL when the app runs on PostgreSQL (same database, so several instances
// share connections and sessions), otherwise an embedded SQLite file next to the app's data,
// because jackson cannot open PGlite.
import path from "node:path";
import type { DatabaseOption, JacksonOption } from "@boxyhq/saml-jackson";
import { databaseKind, pgConfigFromUrl } from "../db/database-url";
import { isJacksonEncryptionKey } from "../env";
import { ACS_PATH, OIDC_CALLBACK_PATH, spUrls } from "./constants";
import { oidcRedirectKey } from "./oidc-redirect-key";

export type JacksonStoreInput = {
  databaseUrl: string;
  dataDir: string;
  /** PostgreSQL only: put jackson's tables in this schema (tests give each file its own). */
  pgSchema?: string;
};

/** Seconds a login may take at the IdP (jackson's session, code and token lifetime). */
export const SSO_FLOW_TTL_SECONDS = 600;

export function jacksonStore({ databaseUrl, dataDir, pgSchema }: JacksonStoreInput): DatabaseOption {
  if (databaseKind(databaseUrl) !== "postgres") {
    return { engine: "sql", type: "sqlite", url: path.join(/*turbopackIgnore: true*/ dataDir, "jackson.sqlite") };
  }
  const pg = pgConfigFromUrl(databaseUrl);
  const url = new URL(`postgresql://${pg.host.includes(":") ? `[${pg.host}]` : pg.host}:${pg.port}/`);
  url.username = encodeURIComponent(pg.user);
  url.password = encodeURIComponent(pg.password);
  url.pathname = `/${encodeURIComponent(pg.database)}`;
  // jackson turns connect_timeout into the pool's connection timeout; without it an unreachable
  // host can hang each attempt for minutes.
  url.searchParams.set("connect_timeout", "5");
  url.searchParams.set("application_name", "gatehouse-jackson");
  if (pgSchema) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(pgSchema)) throw new Error(`Invalid schema name "${pgSchema}"`);
    url.searchParams.set("options", `-c search_path=${pgSchema}`);
  }
  return { engine: "sql", type: "postgres", url: url.toString(), ...(pg.ssl && { ssl: pg.ssl }) };
}

/**
 * jackson decodes a 32-character key as raw bytes and anything else as base64; AES-256 needs 32
 * bytes either way. A wrong key would only fail later, on the first encrypted read, so check now.
 */
export function assertEncryptionKey(key: string): string {
  if (!isJacksonEncryptionKey(key)) throw new Error("JACKSON_ENCRYPTION_KEY must be 32 characters, or base64 of 32 bytes (openssl rand -base64 32)");
  return key;
}

export type JacksonConfigInput = {
  appUrl: string;
  store: DatabaseOption;
  encryptionKey: string;
  /** The client secret next-auth presents; jackson's stand-in for a per-app secret. */
  clientSecretVerifier: string;
};

/** jackson's OIDC connection record, as far as its redirect key reads it. */
type OidcRecord = { tenant: string; oidcProvider?: { discoveryUrl?: string } };

export function jacksonOptions({ appUrl, store, encryptionKey, clientSecretVerifier }: JacksonConfigInput): JacksonOption {
  const urls = spUrls(appUrl);
  // Read by the patched jackson (patches/): each OpenID connection's own redirect URI.
  const perConnection = { oidcRedirectKey: (c: OidcRecord) => oidcRedirectKey(c.tenant, c.oidcProvider?.discoveryUrl ?? "") };
  return {
    ...perConnection,
    externalUrl: appUrl.replace(/\/+$/, ""),
    samlPath: ACS_PATH,
    oidcPath: OIDC_CALLBACK_PATH,
    samlAudience: urls.entityId,
    // IdP-initiated logins land on a connection's defaultRedirectUrl (IDP_LANDING_PATH).
    idpEnabled: true,
    // Otherwise jackson looks up an analytics host at start and every day.
    noAnalytics: true,
    clientSecretVerifier,
    // Its traces keep raw responses and profiles for a week; refusals go to our audit log instead.
    ssoTraces: { disable: true },
    // Exact redirect_uri matching, not just same origin: a code is only ever handed to next-auth.
    // OIDC connections ask for the profile scope too, so people arrive with their names.
    openid: { redirectExactMatch: true, requestProfileScope: true },
    db: { ...store, encryptionKey: assertEncryptionKey(encryptionKey), ttl: SSO_FLOW_TTL_SECONDS, cleanupLimit: 1000 },
    logger: {
      info: () => {},
      warn: (msg: string) => console.warn(`[saml] ${msg}`),
      error: (msg: string) => console.error(`[saml] ${msg}`),
    },
  };
}
