// The credentials sign-in as next-auth calls it, fed what a hand-made POST can send: a NUL in the
// address reached the database, which refuses such text (Prisma error 22021, shown as the generic
// failure); it is read as no address, the same "invalid" as any unknown one.
import "../testing/action-request";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "../db/client";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

type Authorize = (raw: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

describe("credentials sign-in input", () => {
  it("answers invalid for an address holding a NUL, before any database read", async () => {
    // After action-request.ts: it gives next-auth's providers as Next's bundler does.
    const { authOptions } = await import("./options");
    const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } };
    for (const email of ["ada\u0000@example.test", "\u0000"]) {
      await assert.rejects(provider.options.authorize({ email, password: "whatever it is" }, { headers: {} }), (e: Error) => e.message === "invalid", JSON.stringify(email));
    }
  });
});
