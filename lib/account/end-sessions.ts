import type { Db } from "../members/types";

/**
 * Ends every session of a person except, optionally, the one making the request ("password
 * changed", "sign out everywhere"). A stub until session revocation lands in lib/sessions (a
 * per-user session epoch checked on each request); the account actions already call it, so
 * wiring it is one line there. It does nothing yet.
 */
export async function endOtherSessions(db: Db, userId: string, options: { keepCurrent: boolean }): Promise<void> {
  void db;
  void userId;
  void options;
}
