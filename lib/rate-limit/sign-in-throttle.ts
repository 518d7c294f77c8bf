// Password sign-in throttle: attempts are counted per account and per client address in the
// database's RateLimit table, over a sliding window (sliding-window.ts says why), so every app
// instance shares the count. An attempt
// is counted *before* the password is checked, in one statement, so a burst of parallel guesses
// cannot all slip under the limit; a successful sign-in then gives its attempt back.
import crypto from "node:crypto";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { countHitsSql, windowStart } from "./fixed-window";
import { slidingResult } from "./sliding-window";

export type SignInThrottleRules = { perAccount: number; perAddress: number; windowSeconds: number };

export type SignInAttempt =
  | { allowed: true; /** Call after a successful sign-in: the account's count restarts, the address gets this attempt back. */ succeeded(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

// The account key is a hash of the address as typed (normalised by the caller), whether or not
// such an account exists: known and unknown emails are throttled alike, so the throttle itself
// never tells an attacker which accounts exist. Hashed so the table holds no email addresses.
const accountKey = (account: string) => `signin:account:${crypto.createHash("sha256").update(account).digest("hex")}`;
const addressKey = (address: string) => `signin:address:${address}`;

export async function takeSignInAttempt(
  db: PrismaClient,
  who: { account: string; address: string | null },
  rules: SignInThrottleRules,
  now = new Date(),
): Promise<SignInAttempt> {
  const start = windowStart(rules, now);
  const limits = new Map([[accountKey(who.account), rules.perAccount]]);
  if (who.address) limits.set(addressKey(who.address), rules.perAddress);
  const keys = Prisma.join([...limits.keys()].map((k) => Prisma.sql`(${k})`));
  const rows = await db.$queryRaw<{ key: string; count: number; previousCount: number; windowStart: Date }[]>(
    countHitsSql(Prisma.sql`VALUES ${keys}`, start, rules.windowSeconds),
  );
  // Counts two windows old weigh nothing: swept now and then rather than on every attempt. Each
  // address typed (known or not) and each client address leaves a row, so without it the table
  // grew for ever at whatever rate attempts with new addresses came in.
  if (Math.random() < SWEEP_CHANCE) await sweepSignInCounts(db, rules, now).catch(() => {});
  const results = rows.map((r) => {
    // A row another instance already moved to the next window is read as at that window's start.
    const counted = new Date(r.windowStart).getTime();
    const at = new Date(Math.max(now.getTime(), counted));
    const result = slidingResult({ count: Number(r.count), previousCount: Number(r.previousCount) }, { limit: limits.get(r.key) ?? Infinity, windowSeconds: rules.windowSeconds }, at);
    return { ...result, retryAfterSeconds: result.retryAfterSeconds + Math.ceil((at.getTime() - now.getTime()) / 1000) };
  });
  // The wait named is until every key allows the next attempt, which counts in each of them: a
  // key not over its limit yet may be full, and waiting only for the refused one was refused again.
  if (results.some((r) => !r.allowed)) return { allowed: false, retryAfterSeconds: Math.max(...results.map((r) => r.retryAfterSeconds)) };
  const addressWindow = rows.find((r) => r.key === addressKey(who.address ?? ""))?.windowStart;
  return {
    allowed: true,
    async succeeded() {
      await db.$transaction([
        db.rateLimit.deleteMany({ where: { key: accountKey(who.account) } }),
        ...(who.address
          ? [db.rateLimit.updateMany({ where: { key: addressKey(who.address), windowStart: addressWindow ?? start, count: { gt: 0 } }, data: { count: { decrement: 1 } } })]
          : []),
      ]);
    },
  };
}

const SWEEP_CHANCE = 0.01;

/** Deletes sign-in counts whose window ended more than a window ago: the sliding estimate no longer reads them. */
export async function sweepSignInCounts(db: PrismaClient, rules: Pick<SignInThrottleRules, "windowSeconds">, now = new Date()): Promise<number> {
  const stale = new Date(windowStart(rules, now).getTime() - rules.windowSeconds * 1000);
  const { count } = await db.rateLimit.deleteMany({ where: { key: { startsWith: "signin:" }, windowStart: { lt: stale } } });
  return count;
}
