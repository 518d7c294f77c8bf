// An OpenID connection's redirect URI is derived from its discovery URL as written
// (lib/saml/oidc-redirect-key.ts): editing the URL, even to another spelling of the same provider,
// moves the URI, and the provider refuses sign-ins until the new one is registered there. The save
// said only "Connected to …" (found by review); it now names the URI to register. Through the SSO
// page's action, as the browser calls it.
import { inRequest, sessionCookie } from "@/lib/testing/action-request";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { oidcRedirectUrlFor } from "@/lib/saml/constants";
import { listTeamConnections } from "@/lib/saml/connections";
import { oidcRedirectKey } from "@/lib/saml/oidc-redirect-key";
import { FakeOp } from "@/lib/saml/testing/fake-openid-provider";
import { startJacksonForTests, type Harness } from "@/lib/saml/testing/jackson-harness";
import { createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let t: TestDatabase;
let h: Harness;
let op: FakeOp;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
  h = await startJacksonForTests(t.db, t.kind);
  // The actions' getJackson() (lib/saml/jackson.ts) reads this slot.
  (globalThis as { gatehouseJackson?: unknown }).gatehouseJackson = { starting: Promise.resolve(h.jackson), deadline: Date.now() + 1e9 };
  op = await new FakeOp().start();
});
after(async () => {
  op?.close();
  await h?.close();
  await t?.close();
});

type State = { status: string; message?: string };

async function saveOidc(slug: string, cookie: string, fields: Record<string, string>): Promise<State> {
  const { saveOidcConnectionAction } = await import("./actions");
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  const settled = (await inRequest({ cookie }, () => saveOidcConnectionAction(slug, { status: "idle" } as never, data))) as { answer?: State };
  assert.ok(settled.answer, JSON.stringify(settled));
  return settled.answer;
}

async function ownerWithConnection() {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const cookie = await sessionCookie(t.db, owner.userId);
  const clientId = `client-${team.slug}`;
  const saved = await saveOidc(team.slug, cookie, { discoveryUrl: op.discoveryUrl, clientId, clientSecret: "s3cret" });
  assert.equal(saved.status, "success", JSON.stringify(saved));
  const [connection] = await listTeamConnections({ jackson: h.jackson, db: t.db }, team.id);
  return { team, cookie, clientId, connectionId: connection!.id };
}

describe("editing an OpenID connection's discovery URL", () => {
  it("names the new redirect URI when the edit moves it", async () => {
    const { team, cookie, clientId, connectionId } = await ownerWithConnection();
    // The same provider, with a stray "?" left by a paste: another key, so another URI.
    const respelled = `${op.discoveryUrl}?`;
    const edited = await saveOidc(team.slug, cookie, { connectionId, discoveryUrl: respelled, clientId, clientSecret: "s3cret" });
    assert.equal(edited.status, "success", JSON.stringify(edited));
    const uri = oidcRedirectUrlFor(appUrl(), oidcRedirectKey(team.id, respelled));
    assert.notEqual(uri, oidcRedirectUrlFor(appUrl(), oidcRedirectKey(team.id, op.discoveryUrl)));
    assert.ok(edited.message?.includes(`redirect URI is now ${uri}`), edited.message);
  });

  it("says nothing of it when the URI stays (a new secret only)", async () => {
    const { team, cookie, clientId, connectionId } = await ownerWithConnection();
    const edited = await saveOidc(team.slug, cookie, { connectionId, discoveryUrl: op.discoveryUrl, clientId, clientSecret: "rotated" });
    assert.equal(edited.status, "success", JSON.stringify(edited));
    assert.doesNotMatch(edited.message ?? "", /redirect URI/);
  });
});
