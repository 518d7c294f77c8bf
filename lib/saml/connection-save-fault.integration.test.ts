// jackson's store is not this database: an edit giving a connection another certificate wrote
// jackson, then failed before its transaction committed (a lost connection, a crash, the timeout),
// and left the new certificate trusted with nothing withdrawn: the old IdP's sessions on, the
// owners' approval and the last test kept; a retry, comparing with jackson's record, found
// nothing changed and withdrew nothing either (found by review). What such an edit withdraws is
// now committed before jackson is written.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { generateKeyPair } from "../../e2e/idp/keys";
import { TestIdp } from "../../e2e/idp/test-idp";
import { useDatabaseForTests } from "../db/client";
import type { Db } from "../members/types";
import { startSession } from "../sessions/start-session";
import { createMember, createTeam } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { saveSamlConnection } from "./connections";
import { startJacksonForTests, TEST_APP_URL, type Harness } from "./testing/jackson-harness";

let t: TestDatabase;
let h: Harness;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
  h = await startJacksonForTests(t.db, t.kind);
});
after(async () => {
  await h?.close();
  await t?.close();
});

const deps = (db: Db = t.db) => ({ jackson: h.jackson, db, appUrl: TEST_APP_URL, allowLoopbackFetch: false });

type AuditCreate = (args: { data: { details?: { change?: string } } }) => Promise<unknown>;

/** The database, but the save's own audit event fails: after jackson was written, before the commit. */
const failingAtAudit = (): Db =>
  new Proxy(t.db, {
    get(target, key) {
      if (key !== "$transaction") return Reflect.get(target, key);
      return (fn: (tx: unknown) => Promise<unknown>, options: unknown) =>
        (target.$transaction as unknown as (f: (tx: { auditEvent: { create: AuditCreate } }) => Promise<unknown>, o: unknown) => Promise<unknown>)(
          (tx) => {
            const create: AuditCreate = (args) => (args.data.details?.change === "connection_updated" ? Promise.reject(new Error("connection lost")) : tx.auditEvent.create(args));
            return fn(new Proxy(tx, { get: (inner, k) => (k === "auditEvent" ? { create } : Reflect.get(inner, k)) }));
          },
          options,
        );
    },
  }) as Db;

it("an admin's new certificate whose save fails after jackson took it: the old IdP's sessions end, approval and test are withdrawn", async () => {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const admin = await createMember(t.db, team.id, { email: `admin@${team.slug}.test`, role: "ADMIN" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false, standing: { teamId: team.id, role: "ADMIN" as const } };
  const entityId = `https://corp.idp.test/${team.slug}`;
  const idp = (k: string) => new TestIdp(entityId, `${entityId}/sso`, generateKeyPair(`${team.slug}-${k}`));
  const saved = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp("owners").metadataXml() }, asOwner, { label: "Corp" });
  await t.db.ssoConnection.update({ where: { id: saved.id }, data: { testedAt: new Date(), testedEmail: owner.email } });
  const session = await startSession(t.db, { userId: owner.userId, method: "saml", maxAgeSeconds: 3600, connectionClientId: saved.clientID });

  await assert.rejects(saveSamlConnection(deps(failingAtAudit()), team, { kind: "xml", xml: idp("admins").metadataXml() }, asAdmin, { connectionId: saved.id, label: "Corp" }), /connection lost/);

  const row = await t.db.ssoConnection.findUniqueOrThrow({ where: { id: saved.id } });
  assert.equal(row.ownerConfigured, false, "the admin's IdP does not sign owners in");
  assert.equal(row.testedAt, null);
  assert.notEqual((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).ssoChangedAt, null, "logins in flight are refused");
  assert.notEqual((await t.db.session.findUniqueOrThrow({ where: { id: session } })).revokedAt, null, "the old IdP's session ends");
  const events = await t.db.auditEvent.findMany({ where: { teamId: team.id, targetId: saved.id, actorUserId: admin.userId } });
  assert.deepEqual(events.map((e) => (e.details as { change: string }).change), ["identity_change_started"], "the admin's attempt is in the log");
});

it("an edit jackson refuses (metadata it cannot use) still withdrew, and says who did it in the log", async () => {
  const team = await createTeam(t.db);
  const admin = await createMember(t.db, team.id, { email: `admin@${team.slug}.test`, role: "ADMIN" });
  const asAdmin = { type: "user" as const, userId: admin.userId, label: admin.email, mayManageOwners: false, standing: { teamId: team.id, role: "ADMIN" as const } };
  const entityId = `https://corp.idp.test/${team.slug}`;
  const idp = (k: string) => new TestIdp(entityId, `${entityId}/sso`, generateKeyPair(`${team.slug}-${k}`));
  const saved = await saveSamlConnection(deps(), team, { kind: "xml", xml: idp("first").metadataXml() }, asAdmin, { label: "Corp" });
  // Another certificate and no SingleSignOnService: jackson refuses what our reading accepts.
  const unbindable = idp("second").metadataXml().replace(/<SingleSignOnService[^>]*>(<\/SingleSignOnService>)?/g, "");
  await assert.rejects(saveSamlConnection(deps(), team, { kind: "xml", xml: unbindable }, asAdmin, { connectionId: saved.id, label: "Corp" }));
  const events = await t.db.auditEvent.findMany({ where: { teamId: team.id, targetId: saved.id }, orderBy: { createdAt: "asc" } });
  assert.deepEqual(events.map((e) => (e.details as { change: string }).change), ["connection_created", "identity_change_started"]);
});

it("an edit that changes nothing about who vouches (its name) withdraws nothing", async () => {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const xml = new TestIdp(`https://corp.idp.test/${team.slug}`, "https://corp.idp.test/sso", generateKeyPair(`${team.slug}-same`)).metadataXml();
  const saved = await saveSamlConnection(deps(), team, { kind: "xml", xml }, asOwner, { label: "Corp" });
  const session = await startSession(t.db, { userId: owner.userId, method: "saml", maxAgeSeconds: 3600, connectionClientId: saved.clientID });
  await saveSamlConnection(deps(), team, { kind: "xml", xml }, asOwner, { connectionId: saved.id, label: "Corp (renamed)" });
  assert.equal((await t.db.ssoConnection.findUniqueOrThrow({ where: { id: saved.id } })).ownerConfigured, true);
  assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).ssoChangedAt, null);
  assert.equal((await t.db.session.findUniqueOrThrow({ where: { id: session } })).revokedAt, null);
});
