// Tests of mail that really goes out through SMTP: a mailbox of the file's own (e2e/mailbox.ts, on
// a port the system picks) as the server SMTP_URL names, set before lib/env.ts first reads it, and
// the file's database.
import { after, before } from "node:test";
import { startMailbox } from "../../e2e/mailbox";
import { createTestDatabase, type TestDatabase } from "./test-database";

export type Mailbox = Awaited<ReturnType<typeof startMailbox>>;

/** `t` and `mailbox`, opened before the file's tests (filled in then) and closed after them. */
export function withMailbox(): { t: TestDatabase; mailbox: Mailbox } {
  const t = {} as TestDatabase;
  const mailbox = {} as Mailbox;
  let opened: TestDatabase | undefined;
  let started: Mailbox | undefined;
  before(async () => {
    started = await startMailbox(0);
    Object.assign(mailbox, started);
    // Read by lib/env.ts on first use, which is after this.
    process.env.SMTP_URL = `smtp://127.0.0.1:${started.port}`;
    opened = await createTestDatabase();
    Object.assign(t, opened);
  });
  after(async () => {
    await opened?.close();
    await started?.close();
  });
  return { t, mailbox };
}
