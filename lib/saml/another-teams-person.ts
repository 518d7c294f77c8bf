// Whether an assertion may be about another team's person. Several teams may name one entity ID,
// even with one certificate (a copy of another team's public metadata), and a login started for
// a team then brings back whoever is signed in at that IdP: maybe another team's person. What the
// IdP says about them is not this team's to keep (found by review): unless the address the login
// reads is on one of this team's verified domains, the assertion is not recorded here when
// another team's connection verified it too, or when it names (as its NameID or in any attribute)
// an address on a domain, or under a domain, another team verified.
import type { Db } from "../members/types";
import type { SentAssertion } from "./attribute-mapping";
import { emailDomain, vouchableEmailDomain } from "./domains";

/** Domains looked up at most: an assertion with more addresses than this is checked on the first ones. */
const MAX_DOMAINS = 50;
/**
 * The addresses anywhere in a value: "Ada <ada@acme.test>", "mailto:ada@acme.test",
 * "SMTP:ada@acme.test" (the first `atMost`). Each "@" with what runs around it up to a separator
 * or another "@".
 * Hand-written, linear: a regex for the same (/[^\s<>"'(),;:]+@[^\s<>"'(),;]+/g) backtracked
 * quadratically on a long value without "@", and one 200,000-character claim from a team's own
 * provider froze the server for 50 s (found by review).
 */
export function addressesIn(value: string, atMost = MAX_DOMAINS): string[] {
  const found: string[] = [];
  for (let at = value.indexOf("@"); at >= 0 && found.length < atMost; at = value.indexOf("@", at + 1)) {
    let start = at;
    while (start > 0 && inLocalPart(value[start - 1]!)) start--;
    let end = at + 1;
    while (end < value.length && inDomain(value[end]!)) end++;
    if (start < at && end > at + 1) found.push(value.slice(start, end));
  }
  return found;
}

const SEPARATORS = new Set([..."<>\"'(),;@"]);
const inDomain = (c: string) => !SEPARATORS.has(c) && !/\s/.test(c);
const inLocalPart = (c: string) => c !== ":" && inDomain(c);

/** Whether `email` (the address the login reads) is on one of the team's verified domains. */
export function onVerifiedDomain(email: string | undefined, verified: { domain: string }[]): boolean {
  const domain = email ? vouchableEmailDomain(email) : null;
  return domain !== null && verified.some((d) => d.domain === domain);
}

export async function namesAnotherTeamsPerson(db: Db, teamId: string, sent: SentAssertion): Promise<boolean> {
  const domains = new Set<string>();
  for (const value of [sent.nameId, ...Object.values(sent.attributes).flat()]) {
    for (const address of value ? addressesIn(value) : []) {
      // emailDomain's wide reading ("ada@acme.test." is still acme.test's), and every parent:
      // bob@eu.acme.test is the person of the team that verified acme.test.
      const labels = emailDomain(address)?.split(".") ?? [];
      for (let i = 0; i + 2 <= labels.length && domains.size < MAX_DOMAINS; i++) domains.add(labels.slice(i).join("."));
    }
    if (domains.size >= MAX_DOMAINS) break;
  }
  if (domains.size === 0) return false;
  const claim = await db.teamDomain.findFirst({ where: { domain: { in: [...domains] }, verifiedAt: { not: null }, teamId: { not: teamId } }, select: { id: true } });
  return claim !== null;
}
