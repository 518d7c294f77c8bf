import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertEncryptionKey, jacksonOptions, jacksonStore } from "./jackson-config";

describe("jacksonStore", () => {
  it("uses a SQLite file in the data folder when the app runs on PGlite", () => {
    assert.deepEqual(jacksonStore({ databaseUrl: "pglite:./data/pglite", dataDir: "/srv/gatehouse/data" }), {
      engine: "sql",
      type: "sqlite",
      url: "/srv/gatehouse/data/jackson.sqlite",
    });
  });

  it("uses the app's own PostgreSQL database, with a bounded connect timeout", () => {
    const store = jacksonStore({ databaseUrl: "postgresql://app:s%40cret@db.internal:6543/gatehouse?connection_limit=5", dataDir: "/x" });
    assert.equal(store.type, "postgres");
    const url = new URL(store.url!);
    assert.equal(url.hostname, "db.internal");
    assert.equal(url.port, "6543");
    assert.equal(url.pathname, "/gatehouse");
    assert.equal(decodeURIComponent(url.password), "s@cret");
    assert.equal(url.searchParams.get("connect_timeout"), "5");
    assert.equal(url.searchParams.has("connection_limit"), false);
  });

  it("puts jackson's tables in a given schema (tests) and refuses odd schema names", () => {
    const store = jacksonStore({ databaseUrl: "postgresql://root@127.0.0.1:5432/test", dataDir: "", pgSchema: "test_abc" });
    assert.equal(new URL(store.url!).searchParams.get("options"), "-c search_path=test_abc");
    assert.throws(() => jacksonStore({ databaseUrl: "postgresql://root@127.0.0.1/test", dataDir: "", pgSchema: "x; drop" }));
  });

  it("keeps TLS settings from sslmode", () => {
    const store = jacksonStore({ databaseUrl: "postgresql://u@h/db?sslmode=require", dataDir: "" });
    assert.deepEqual(store.ssl, { rejectUnauthorized: false });
  });
});

describe("jacksonOptions", () => {
  it("points jackson at our URLs, without analytics and with IdP-initiated login", () => {
    const o = jacksonOptions({ appUrl: "https://g.test/", store: { engine: "mem" }, encryptionKey: "a".repeat(32), clientSecretVerifier: "s" });
    assert.equal(o.externalUrl, "https://g.test");
    assert.equal(o.samlPath, "/api/oauth/saml");
    assert.equal(o.samlAudience, "https://g.test/api/saml/metadata");
    assert.equal(o.noAnalytics, true);
    assert.equal(o.idpEnabled, true);
    assert.equal(o.openid?.redirectExactMatch, true);
  });

  it("refuses an encryption key that is not 32 bytes", () => {
    assert.equal(assertEncryptionKey("k".repeat(32)), "k".repeat(32));
    assert.ok(assertEncryptionKey(Buffer.alloc(32, 7).toString("base64url")));
    assert.throws(() => assertEncryptionKey("short"), /JACKSON_ENCRYPTION_KEY/);
  });
});
