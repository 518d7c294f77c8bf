// The SSO page's and the setup link's actions name rows by id (a connection, a domain, a link).
// Checked as any string up to 64 characters, an id with a NUL or a lone surrogate reached the
// database, which refused the statement: "Something went wrong" and an error in the log (found by
// review). Ids are UUIDs: anything else is refused with the action's own message, unlogged.
import { inRequest, sessionCookie } from "@/lib/testing/action-request";
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "@/lib/db/client";
import { createSetupLink } from "@/lib/saml/setup-links";
import { startJacksonForTests, type Harness } from "@/lib/saml/testing/jackson-harness";
import { createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

let t: TestDatabase;
let h: Harness;
const logged: unknown[][] = [];
const realError = console.error;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
  h = await startJacksonForTests(t.db, t.kind);
  // The actions' getJackson() (lib/saml/jackson.ts) reads this slot.
  (globalThis as { gatehouseJackson?: unknown }).gatehouseJackson = { starting: Promise.resolve(h.jackson), deadline: Date.now() + 1e9 };
  console.error = (...args: unknown[]) => void logged.push(args);
});
after(async () => {
  console.error = realError;
  await h?.close();
  await t?.close();
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

it("ids that are not UUIDs (a NUL, a lone surrogate, too long) get the action's own message and reach nothing", async () => {
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const cookie = await sessionCookie(t.db, owner.userId);
  const link = await createSetupLink(t.db, team.id, 7, { type: "user", userId: owner.userId, label: owner.email, mayManageOwners: true });
  const page = await import("./actions");
  const viaLink = await import("@/app/(setup-link)/setup-sso/[secret]/actions");
  const idle = { status: "idle" } as never;
  for (const id of ["a\u0000b", "a\ud800b", "x".repeat(65)]) {
    const calls: [string, () => Promise<unknown>][] = [
      ["verify domain", () => page.verifyDomainAction(team.slug, idle, form({ domainId: id }))],
      ["remove domain", () => page.removeDomainAction(team.slug, idle, form({ domainId: id }))],
      ["route domain", () => page.routeDomainAction(team.slug, idle, form({ domainId: id, connectionId: "" }))],
      ["route domain to", () => page.routeDomainAction(team.slug, idle, form({ domainId: crypto.randomUUID(), connectionId: id }))],
      ["revoke link", () => page.revokeSetupLinkAction(team.slug, idle, form({ linkId: id }))],
      ["delete connection", () => page.deleteConnectionAction(team.slug, idle, form({ connectionId: id }))],
      ["link: remove domain", () => viaLink.removeDomainAction(link.secret, idle, form({ domainId: id }))],
      ["link: delete connection", () => viaLink.deleteConnectionAction(link.secret, idle, form({ connectionId: id }))],
    ];
    for (const [name, run] of calls) {
      logged.length = 0;
      const outcome = (await inRequest({ cookie }, run)) as { answer?: { status: string; message?: string } };
      assert.equal(outcome.answer?.status, "error", `${name}: ${JSON.stringify(outcome)}`);
      assert.match(outcome.answer?.message ?? "", /no longer/, `${name}: ${outcome.answer?.message}`);
      assert.equal(logged.length, 0, `${name} logged an error`);
    }
  }
});
