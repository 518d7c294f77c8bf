import type { Prisma, PrismaClient } from "../db/generated/client";

/** A PrismaClient or a transaction on one: session writes compose into the caller's transaction. */
export type SessionDb = PrismaClient | Prisma.TransactionClient;

export type SignInMethod = "password" | "saml";

// Timestamps that must compare with each other (a session's start, a team's revocation) come from
// the database's clock, in UTC like every DateTime Prisma writes, so app instances whose clocks
// drift apart still agree on which came first. clock_timestamp(), not now(): now() is the start of
// the transaction, which can be well before the revocation commits.
export const DB_NOW_UTC = `(clock_timestamp() AT TIME ZONE 'UTC')`;
