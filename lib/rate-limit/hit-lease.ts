// Rate limiting without a database write per request, and without giving up the shared count.
// Each instance takes hits from the shared fixed-window counter (fixed-window.ts) in leases of up
// to `leaseSize` at a time: the lease is counted in the database *before* any hit of it is used,
// so across every instance the hits served in a window never exceed the limit, and a crash loses
// nothing that would let a token exceed it (a crashed instance's unused leased hits are simply
// never served: the token may be refused up to instances × leaseSize hits early, never late).
// The lease size is a hundredth of the limit (at most 100), so a small limit is still counted hit
// by hit: with the default 10,000 a minute, one write serves 100 requests instead of one each.
import type { RateLimitResult, RateLimitRule } from "./fixed-window";
import { rateLimitResult, windowStart } from "./fixed-window";

/** Counts `hits` more for `key` in the window starting at `start` (of `windowSeconds`), returning the new total. */
export type ClaimHits = (key: string, hits: number, start: Date, windowSeconds: number) => Promise<number>;

type Lease = { windowStart: number; left: number; used: number; claimed: number; pending?: Promise<void> };

export const leaseSizeFor = (rule: RateLimitRule): number => Math.max(1, Math.min(100, Math.floor(rule.limit / 100)));

export class HitLeases {
  private leases = new Map<string, Lease>();

  constructor(private readonly claim: ClaimHits) {}

  /** One hit for `key`: from this instance's lease if it has one left, else from a new lease. */
  async hit(key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitResult> {
    let start = windowStart(rule, now).getTime();
    for (;;) {
      let lease = this.leases.get(key);
      // A request begun before a window's end that finds the next window's lease (taken while it
      // waited for a claim) counts in that window. Replacing it with a lease of the old window made
      // the two windows' requests replace each other's lease after every claim, claiming forever.
      if (lease && lease.windowStart > start) start = lease.windowStart;
      if (!lease || lease.windowStart !== start) {
        lease = { windowStart: start, left: 0, used: 0, claimed: 0 };
        this.leases.set(key, lease);
        this.forgetOldWindows(start);
      }
      if (lease.left > 0) {
        lease.left--;
        lease.used++;
        // What the shared count would be had every leased hit been used: the honest "remaining".
        return rateLimitResult(lease.claimed - lease.left, rule, now);
      }
      if (lease.claimed >= rule.limit) return rateLimitResult(lease.claimed + 1, rule, now);
      // One claim in flight per key: concurrent requests wait for it rather than each claiming.
      if (!lease.pending) {
        const l = lease;
        l.pending = this.claim(key, leaseSizeFor(rule), new Date(start), rule.windowSeconds)
          .then((total) => {
            const size = leaseSizeFor(rule);
            const before = total - size;
            // Of the hits just claimed, only those within the limit may be served.
            const granted = Math.max(0, Math.min(size, rule.limit - before));
            l.left += granted;
            l.claimed = granted > 0 ? before + granted : Math.max(before, rule.limit);
          })
          .finally(() => {
            l.pending = undefined;
          });
      }
      await lease.pending;
    }
  }

  private forgetOldWindows(current: number): void {
    if (this.leases.size < 1000) return;
    for (const [k, l] of this.leases) if (l.windowStart !== current) this.leases.delete(k);
  }
}
