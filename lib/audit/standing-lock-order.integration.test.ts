// A person's write holds their membership (lib/audit/standing.ts); a write whose first lock on the
// team was its audit row's foreign key (removing an unverified domain, saving a mapping, recording
// a test sign-in) took the membership first and the team second, and deleting the team (the team,
// then its cascade through the membership) deadlocked with it: PostgreSQL aborted one (found by
// review). The standing now takes the team first (FOR KEY SHARE), as every writer of it does.
import { it } from "node:test";
import assert from "node:assert/strict";
import { onPostgresServer } from "../testing/postgres-server-test";

const { t, admin } = await onPostgresServer();
const { createMember, createTeam, testActor } = await import("../testing/factories");
const { waitsForLock } = await import("../testing/postgres-locks");
const { addTeamDomain, removeTeamDomain } = await import("../saml/team-domains");
const { deleteTeam } = await import("../teams/delete-team");
type Db = typeof t.db;

it("an admin's domain removal and an owner's team deletion take turns: both answer", async () => {
  assert.equal(t.kind, "postgres");
  const team = await createTeam(t.db);
  const owner = await createMember(t.db, team.id, { email: `owner@${team.slug}.test`, role: "OWNER" });
  const adm = await createMember(t.db, team.id, { email: `admin@${team.slug}.test`, role: "ADMIN" });
  const asOwner = { type: "user" as const, userId: owner.userId, label: owner.email, mayManageOwners: true, standing: { teamId: team.id, role: "OWNER" as const } };
  const asAdmin = { type: "user" as const, userId: adm.userId, label: adm.email, mayManageOwners: false, standing: { teamId: team.id, role: "ADMIN" as const } };
  const d = await addTeamDomain(t.db, team.id, `x-${team.slug}.test`, testActor);

  // The admin's removal, paused right after its standing is held (as a slow moment would).
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let heldNow!: () => void;
  const held = new Promise<void>((r) => (heldNow = r));
  const pausing = new Proxy(t.db, {
    get(target, p) {
      if (p !== "$transaction") return Reflect.get(target, p);
      return (fn: (tx: unknown) => unknown, opts?: unknown) =>
        (target.$transaction as any)((tx: any) => {
          let paused = false;
          const ptx = new Proxy(tx, {
            get(tt, q) {
              if (q !== "$queryRaw") return Reflect.get(tt, q);
              return async (...args: any[]) => {
                const r = await tt.$queryRaw(...args);
                if (!paused && Array.isArray(args[0]) && args[0].join("?").includes("FOR SHARE")) {
                  paused = true;
                  heldNow();
                  await gate;
                }
                return r;
              };
            },
          });
          return fn(ptx);
        }, opts);
    },
  }) as Db;
  const removal = removeTeamDomain(pausing, team.id, d.id, asAdmin).then(() => "ok", (e: any) => `error ${e?.code ?? ""} ${e?.meta?.driverAdapterError?.cause?.originalCode ?? ""} ${String(e?.message ?? e).split("\n").slice(-2).join(" ")}`);
  await held;
  const deletion = deleteTeam({ db: t.db, removeSsoConnections: async () => {} }, { teamId: team.id, confirmSlug: team.slug }, asOwner).then(
    () => "ok",
    (e: any) => `error ${e?.code ?? ""} ${String(e?.message ?? e).split("\n").slice(-2).join(" ")}`,
  );
  // The deletion waits for the team the admin's write holds ...
  await waitsForLock(admin, "FOR UPDATE");
  // ... which, going on, finishes and lets it through.
  release();
  const [r, del] = await Promise.all([removal, deletion]);
  assert.deepEqual([r, del], ["ok", "ok"]);
});
