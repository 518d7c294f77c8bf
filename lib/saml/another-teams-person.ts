// Whether an assertion is about another team's person: it names an address (as its NameID or in
// any attribute) on a domain another team verified. A team's connection may name the same entity
// ID as another's, even with its certificate (copied from public metadata), and a login started
// for it then brings back whoever is signed in at that IdP: the other team's people. What the
// IdP says about them is not this team's to keep (found by review).
import type { Db } from "../members/types";
import type { SentAssertion } from "./attribute-mapping";
import { emailDomain } from "./domains";

/** Domains looked up at most: an assertion with more addresses than this is checked on the first ones. */
const MAX_DOMAINS = 50;

export async function namesAnotherTeamsPerson(db: Db, teamId: string, sent: SentAssertion): Promise<boolean> {
  const domains = new Set<string>();
  for (const value of [sent.nameId, ...Object.values(sent.attributes).flat()]) {
    if (domains.size >= MAX_DOMAINS) break;
    // emailDomain's wide reading: "ada@acme.test." is still acme.test's person.
    const domain = value?.includes("@") ? emailDomain(value) : null;
    if (domain) domains.add(domain);
  }
  if (domains.size === 0) return false;
  const claim = await db.teamDomain.findFirst({ where: { domain: { in: [...domains] }, verifiedAt: { not: null }, teamId: { not: teamId } }, select: { id: true } });
  return claim !== null;
}
