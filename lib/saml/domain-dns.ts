// Looks up a domain's verification TXT record. Bounded: a resolver that does not answer (an
// offline install) fails after a few seconds with a message, never hangs the admin's request.
import { Resolver } from "node:dns/promises";
import { env } from "../env";
import { txtMatches, txtRecordName } from "./domains";

export type TxtLookup = (name: string) => Promise<string[][]>;

export type DnsCheck = { ok: true } | { ok: false; message: string };

const resolveTxt: TxtLookup = (name) => {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  const servers = env().SSO_DNS_SERVERS;
  if (servers?.length) resolver.setServers(servers);
  return resolver.resolveTxt(name);
};

export async function checkDomainTxt(domain: string, token: string, lookup: TxtLookup = resolveTxt): Promise<DnsCheck> {
  const name = txtRecordName(domain);
  try {
    const records = await lookup(name);
    if (txtMatches(records, token)) return { ok: true };
    return { ok: false, message: `${name} has TXT records, but none with the expected value yet. DNS changes can take a while to appear.` };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA") {
      return { ok: false, message: `No TXT record found at ${name} yet. DNS changes can take a while to appear.` };
    }
    return {
      ok: false,
      message: `Could not look up ${name} (${code ?? "DNS error"}). If this server cannot reach DNS, an owner can verify the domain manually.`,
    };
  }
}
