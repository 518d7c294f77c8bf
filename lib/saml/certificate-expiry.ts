// When the owners are told that their IdP's signing certificate is about to expire: logins
// through a connection stop the moment it does, unless the IdP rolled it over and the
// connection has the new one (metadata-refresh.ts adopts it from a metadata URL daily).

/** Days ahead of expiry at which the SSO page warns, the nearer one more urgently. */
export const CERTIFICATE_WARNING_DAYS = [30, 7] as const;

export type CertificateExpiry =
  | { kind: "ok" }
  | { kind: "unknown" }
  | { kind: "expiring"; daysLeft: number; urgent: boolean }
  | { kind: "expired" };

export function certificateExpiry(expires: Date | null, now = new Date()): CertificateExpiry {
  if (!expires) return { kind: "unknown" };
  const ms = expires.getTime() - now.getTime();
  if (ms <= 0) return { kind: "expired" };
  const daysLeft = Math.ceil(ms / 86_400_000);
  if (daysLeft > CERTIFICATE_WARNING_DAYS[0]) return { kind: "ok" };
  return { kind: "expiring", daysLeft, urgent: daysLeft <= CERTIFICATE_WARNING_DAYS[1] };
}
