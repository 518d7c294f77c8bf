import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connectionForDomain, defaultConnection, domainsTrustedBy } from "./connection-routing";

const old = { id: "old", createdAt: new Date("2026-01-01") };
const migrated = { id: "new", createdAt: new Date("2026-06-01") };

describe("connection routing", () => {
  it("routes a domain to the connection it names", () => {
    assert.equal(connectionForDomain({ connectionId: "new" }, [old, migrated])?.id, "new");
  });

  it("routes an unassigned domain (data from before several connections) to the oldest connection", () => {
    assert.equal(connectionForDomain({ connectionId: null }, [migrated, old])?.id, "old");
    assert.equal(connectionForDomain({ connectionId: null }, [old])?.id, "old");
  });

  it("falls back to the default when the named connection is gone, and to nothing without connections", () => {
    assert.equal(connectionForDomain({ connectionId: "deleted" }, [migrated, old])?.id, "old");
    assert.equal(connectionForDomain({ connectionId: null }, []), null);
    assert.equal(defaultConnection([]), null);
  });

  it("breaks a tie on creation time by id, so every instance picks the same default", () => {
    const at = new Date("2026-01-01");
    assert.equal(defaultConnection([{ id: "b", createdAt: at }, { id: "a", createdAt: at }])?.id, "a");
  });

  it("trusts each connection only for the verified domains routed to it", () => {
    const domains = [
      { domain: "parent.test", verified: true, connectionId: null },
      { domain: "sub.test", verified: true, connectionId: "new" },
      { domain: "pending.test", verified: false, connectionId: "new" },
    ];
    assert.deepEqual(domainsTrustedBy("old", domains, [old, migrated]), ["parent.test"]);
    assert.deepEqual(domainsTrustedBy("new", domains, [old, migrated]), ["sub.test"]);
    assert.deepEqual(domainsTrustedBy("gone", domains, [old, migrated]), []);
  });
});
