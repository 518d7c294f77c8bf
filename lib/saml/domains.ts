// Email domains a team claims for single sign-on. Pure helpers: normalising what an admin types,
// and the DNS TXT record that proves ownership.
import { domainToASCII } from "node:url";

/** The DNS name holding the proof, e.g. `_gatehouse-verification.acme.com`. */
export const TXT_RECORD_PREFIX = "_gatehouse-verification";
export const txtRecordName = (domain: string) => `${TXT_RECORD_PREFIX}.${domain}`;
export const txtRecordValue = (token: string) => `gatehouse-verification=${token}`;

// Shared mailbox providers: nobody can prove they own them, and claiming one would route
// strangers to a team's IdP.
const PUBLIC_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
  "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
  "web.de", "yandex.com", "mail.com", "zoho.com", "fastmail.com", "hey.com",
]);

export type DomainParse = { ok: true; domain: string } | { ok: false; message: string };

/** Lower-cased ASCII (punycode) form of a domain name, or null when it is not one. */
export function normalizeDomainName(value: string): string | null {
  const v = value.trim().toLowerCase().replace(/\.$/, "");
  if (!v || /[\s/:?#@*]/.test(v)) return null;
  const ascii = domainToASCII(v);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || labels.some((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) || /^\d+$/.test(labels.at(-1)!)) return null;
  return ascii;
}

/** What an admin typed ("@Acme.COM.") -> a domain a team may claim ("acme.com"), or why not. */
export function parseDomain(input: string): DomainParse {
  const shown = input.trim();
  const value = shown.startsWith("@") ? shown.slice(1) : shown;
  if (!value) return { ok: false, message: "Enter a domain, such as example.com." };
  if (/[\s/:?#@]/.test(value)) {
    return { ok: false, message: `"${shown}" is not a domain. Enter just the part after the @, such as example.com.` };
  }
  const domain = normalizeDomainName(value);
  if (!domain) return { ok: false, message: `"${shown}" is not a valid domain.` };
  if (PUBLIC_MAIL_DOMAINS.has(domain)) {
    return { ok: false, message: `${domain} is a public email provider; only domains your organisation owns can be used for SSO.` };
  }
  return { ok: true, domain };
}

/** The lower-cased domain of an email address, or null. */
export function emailDomain(email: string): string | null {
  const at = email.trim().lastIndexOf("@");
  if (at < 1) return null;
  return normalizeDomainName(email.trim().slice(at + 1));
}

/**
 * The domain an IdP may vouch for in this address: its domain only when the address writes it the
 * way a verified domain is kept (lower-cased ASCII, no trailing dot), else null. IDNA reads a
 * trailing dot, fullwidth letters or a soft hyphen as the same domain, but the account key
 * (normalizeEmail) does not, so "ada@acme.test." was a second account for Ada's mailbox, vouched for
 * by her team's IdP: a member deactivated in the team came back as a new one (found by review).
 * Unicode domains must be sent in their xn-- form. For which domain's rules apply to an address
 * (Require SSO), emailDomain's wider reading is the safe one.
 */
export function vouchableEmailDomain(email: string): string | null {
  const domain = emailDomain(email);
  const written = email.trim().slice(email.trim().lastIndexOf("@") + 1).toLowerCase();
  return domain !== null && domain === written ? domain : null;
}

/** True when one of the TXT strings is the expected proof (records may be split into chunks). */
export function txtMatches(records: string[][], token: string): boolean {
  const expected = txtRecordValue(token);
  return records.some((chunks) => chunks.join("").trim() === expected);
}
