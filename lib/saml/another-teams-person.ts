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
 * "SMTP:ada@acme.test", as /[^\s<>"'(),;:]+@[^\s<>"'(),;]+/g reads them (one per run of
 * characters between separators: from the start of its first part after a ":" that holds an "@"
 * with something before and after it, to the run's end), in one pass. The regex itself backtracked
 * quadratically on a long value without "@": one 200,000-character claim from a team's own
 * provider froze the server for 50 s (found by review).
 */
export function addressesIn(value: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && !inRun(value[i]!)) i++;
    const start = i;
    while (i < value.length && inRun(value[i]!)) i++;
    const end = i;
    let part = start;
    for (let j = start; j < end; j++) {
      const c = value[j];
      if (c === ":") part = j + 1;
      else if (c === "@" && j > part && j + 1 < end) {
        found.push(value.slice(part, end));
        break;
      }
    }
  }
  return found;
}

const SEPARATORS = new Set([..."<>\"'(),;"]);
const inRun = (c: string) => !SEPARATORS.has(c) && !/\s/.test(c);

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
