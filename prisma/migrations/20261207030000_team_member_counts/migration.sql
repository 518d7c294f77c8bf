-- How many members each team has, per role and status, kept by the database itself: Manage Team
-- shows these counts on every page, and counting them read every member of the team (at 100k
-- members 12-15 ms on the embedded database, the largest part of a page's reading; bench:members).
-- Triggers rather than the domain layer keep them, so every write is counted however it is made
-- (the domain layer, a batch, a team's deletion, a backup being restored). Every membership write
-- that can change a team, role or status takes the team's row first (lib/members/lock-team.ts), so
-- the count rows it then takes add no waiting.
CREATE TABLE "TeamMemberCount" (
    "teamId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "status" "MembershipStatus" NOT NULL,
    "members" INTEGER NOT NULL,

    CONSTRAINT "TeamMemberCount_pkey" PRIMARY KEY ("teamId","role","status")
);

ALTER TABLE "TeamMemberCount" ADD CONSTRAINT "TeamMemberCount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Counted once a statement, from its transition tables: a batch of 5,000 inserts is one addition
-- per team, role and status. Updates too: a row trigger updated the same count rows once per
-- member in one transaction, and each update of a row this transaction already updated costs more
-- (a group mapped to a role on 20,000 members: 6.8 s against 0.9 s without the trigger). An update
-- that moves no member to another team, role or status adds nothing. (A trigger with transition
-- tables cannot name columns, so it sees every update of the table; pgbench, one member a
-- statement: 0.03 ms more for an update that moves no one, 0.05 ms for a deactivation.)
-- A team being deleted is passed over: its count rows go with it (the foreign key), and adding
-- to them would refuse the deletion. A statement takes its count rows in key order. (Three
-- upserts of one shape: PL/pgSQL names only the transition tables the firing trigger declares.)
CREATE FUNCTION "gatehouse_count_members"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "TeamMemberCount" AS c ("teamId", role, status, members)
    SELECT g.* FROM (SELECT "teamId", role, status, count(*)::int FROM new_rows GROUP BY 1, 2, 3) g
     WHERE EXISTS (SELECT 1 FROM "Team" t WHERE t.id = g."teamId") ORDER BY 1, 2, 3
    ON CONFLICT ("teamId", role, status) DO UPDATE SET members = c.members + excluded.members;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "TeamMemberCount" AS c ("teamId", role, status, members)
    SELECT g.* FROM (SELECT "teamId", role, status, -count(*)::int FROM old_rows GROUP BY 1, 2, 3) g
     WHERE EXISTS (SELECT 1 FROM "Team" t WHERE t.id = g."teamId") ORDER BY 1, 2, 3
    ON CONFLICT ("teamId", role, status) DO UPDATE SET members = c.members + excluded.members;
  ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE (n."teamId", n.role, n.status) IS DISTINCT FROM (o."teamId", o.role, o.status)) THEN
    INSERT INTO "TeamMemberCount" AS c ("teamId", role, status, members)
    SELECT g.* FROM (SELECT "teamId", role, status, sum(n)::int AS n
                       FROM (SELECT "teamId", role, status, 1 AS n FROM new_rows
                             UNION ALL SELECT "teamId", role, status, -1 FROM old_rows) d
                      GROUP BY 1, 2, 3 HAVING sum(n) <> 0) g
     WHERE EXISTS (SELECT 1 FROM "Team" t WHERE t.id = g."teamId") ORDER BY 1, 2, 3
    ON CONFLICT ("teamId", role, status) DO UPDATE SET members = c.members + excluded.members;
  END IF;
  RETURN NULL;
END
$$;

-- TRUNCATE removes every team's members at once (no row trigger sees it): so go their counts.
CREATE FUNCTION "gatehouse_count_no_members"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "TeamMemberCount";
  RETURN NULL;
END
$$;

CREATE TRIGGER "Membership_count_inserted" AFTER INSERT ON "Membership"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_count_members"();
CREATE TRIGGER "Membership_count_updated" AFTER UPDATE ON "Membership"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_count_members"();
CREATE TRIGGER "Membership_count_deleted" AFTER DELETE ON "Membership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_count_members"();
CREATE TRIGGER "Membership_count_truncated" AFTER TRUNCATE ON "Membership"
  FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_count_no_members"();

-- The members there already. In this migration's transaction, after the triggers: creating them
-- waits for the writes under way and holds back new ones until this commits, so none is missed
-- or counted twice.
INSERT INTO "TeamMemberCount" ("teamId", role, status, members)
SELECT "teamId", role, status, count(*) FROM "Membership" GROUP BY 1, 2, 3;
