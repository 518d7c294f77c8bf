// "Forgot password" answers the same for every address, and before it looks the address up: the
// lookup, the Require-SSO check and the link's insert took ten times longer for an address with an
// account, so the answer's timing told who has one (found by review).
import "@/lib/testing/action-request";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { useDatabaseForTests } from "@/lib/db/client";
import { inRequest } from "@/lib/testing/action-request";
import { createMember, createTeam } from "@/lib/testing/factories";
import { withMailbox } from "@/lib/testing/mailbox-test";

const { t, mailbox } = withMailbox();

describe("forgot password", () => {
  it("answers before anything about the address is read or written, then mails the link", async () => {
    useDatabaseForTests(t.db);
    const { forgotPasswordAction } = await import("./actions");
    const team = await createTeam(t.db);
    const m = await createMember(t.db, team.id, { email: "forgot@answer-first.test" });
    const form = new FormData();
    form.set("email", "forgot@answer-first.test");
    let linksWhenAnswered = -1;
    const outcome = await inRequest({}, () => forgotPasswordAction(undefined as never, form), {
      whenAnswered: async () => void (linksWhenAnswered = await t.db.passwordToken.count({ where: { userId: m.userId } })),
    });
    assert.ok("answer" in outcome, JSON.stringify(outcome));
    assert.match(JSON.stringify(outcome.answer), /If forgot@answer-first\.test has a Gatehouse account/);
    assert.equal(linksWhenAnswered, 0, "the link is made after the answer");
    assert.equal(await t.db.passwordToken.count({ where: { userId: m.userId } }), 1);
    assert.match((await mailbox.mailTo("forgot@answer-first.test")).text, /reset-password\//);
  });
});
