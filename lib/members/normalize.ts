// Case-insensitive identity keys. Emails and SCIM userNames compare ignoring case (Okta, Entra
// and users all vary it), so the database keeps a lower-cased copy under a unique index. They also
// compare as canonically equivalent text: "é" composed (U+00E9) or decomposed ("e" + U+0301), as
// macOS and some directories hand it out, is one letter, so the key is in NFC (RFC 7613 §3.3,
// RFC 6532 §3.1). The migration nfc_identity_keys brought older keys to the same form.
const identityKey = (text: string) => text.trim().toLowerCase().normalize("NFC");
export const normalizeEmail = (email: string) => identityKey(email);
export const normalizeUserName = (userName: string) => identityKey(userName);

/** RFC 5321 §4.5.3.1: 64 + "@" + 255. Longer is not an address, and is refused before any scan. */
export const MAX_EMAIL_LENGTH = 320;

// Deliberately loose: IdPs send what their directory holds; we only reject the clearly wrong:
// local@domain.tld with no whitespace and one "@". Checked by index, not by a regex: the former
// /^[^\s@]+@[^\s@]+\.[^\s@]+$/ backtracked quadratically (80,000 characters took 4.6 s).
export function isEmail(value: string): boolean {
  const v = value.trim();
  if (v.length > MAX_EMAIL_LENGTH || /\s/.test(v)) return false;
  const at = v.indexOf("@");
  if (at <= 0 || v.indexOf("@", at + 1) >= 0) return false;
  const domain = v.slice(at + 1);
  // A dot with something before and after it.
  return domain.length >= 3 && domain.slice(1, -1).includes(".");
}
