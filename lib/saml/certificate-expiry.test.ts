import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { certificateExpiry } from "./certificate-expiry";

describe("certificateExpiry", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
  it("warns 30 days ahead, urgently 7 days ahead", () => {
    assert.deepEqual(certificateExpiry(inDays(31), now), { kind: "ok" });
    assert.deepEqual(certificateExpiry(inDays(30), now), { kind: "expiring", daysLeft: 30, urgent: false });
    assert.deepEqual(certificateExpiry(inDays(8), now), { kind: "expiring", daysLeft: 8, urgent: false });
    assert.deepEqual(certificateExpiry(inDays(7), now), { kind: "expiring", daysLeft: 7, urgent: true });
    assert.deepEqual(certificateExpiry(inDays(0.1), now), { kind: "expiring", daysLeft: 1, urgent: true });
  });
  it("says expired, and unknown without a date", () => {
    assert.deepEqual(certificateExpiry(inDays(-1), now), { kind: "expired" });
    assert.deepEqual(certificateExpiry(null, now), { kind: "unknown" });
  });
});
