/**
 * Thrown by the session endpoint's jwt callback (lib/auth/session-callbacks.ts) for a cookie whose
 * server-side session has ended: next-auth then answers `{}` and clears the cookie. Apart from the
 * callbacks so the logger (and its unit test) can name it without opening a database.
 */
export class SessionEndedError extends Error {
  constructor() {
    super("the session it names has ended (signed out, expired or access ended)");
    this.name = "SessionEndedError";
  }
}
