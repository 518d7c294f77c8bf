// Fetches IdP metadata (or an OpenID discovery document) from the URL an admin typed, through
// the fence every such request goes through (outbound-fence.ts: https only, no private, loopback
// or link-local addresses checked on the address actually connected to, no redirects, 1 MB and
// 8 seconds at most). Its refusals are worded here for the connection form.
import { FENCE_MAX_BYTES, FENCE_TIMEOUT_MS, FenceError, fencedRequest, fenceUrl, type DnsLookup, type LoopbackPolicy } from "./outbound-fence";

export class MetadataFetchError extends Error {}

export type FetchOptions = {
  /** Whether loopback addresses may be fetched from (the server itself runs on loopback), or which. */
  allowLoopback: LoopbackPolicy;
  /** The Accept header (OIDC discovery documents are JSON). */
  accept?: string;
  /** Name resolution (dns.lookup); tests pass one that answers what they need. */
  dnsLookup?: DnsLookup;
};

const PRIVATE = "The metadata URL points to a private or local address, which this server does not fetch from.";

export async function fetchMetadataXml(rawUrl: string, options: FetchOptions): Promise<string> {
  const policy = { allowLoopback: options.allowLoopback, dnsLookup: options.dnsLookup };
  try {
    const url = fenceUrl(rawUrl, policy);
    const res = await fencedRequest(url, { headers: { accept: options.accept ?? "application/samlmetadata+xml, application/xml, text/xml" } }, policy);
    if (res.status >= 300 && res.status < 400) {
      throw new MetadataFetchError(`The metadata URL redirects (HTTP ${res.status}). Paste the final URL, or the XML itself.`);
    }
    if (res.status !== 200) throw new MetadataFetchError(`The metadata URL answered HTTP ${res.status}.`);
    return res.body.toString("utf8");
  } catch (e) {
    if (!(e instanceof FenceError)) throw e;
    switch (e.reason) {
      case "invalid_url":
        throw new MetadataFetchError("Enter a full metadata URL, starting with https://.");
      case "not_https":
        throw new MetadataFetchError("The metadata URL must start with https://.");
      case "credentials":
        throw new MetadataFetchError("The metadata URL must not contain a user name or password.");
      case "blocked_address":
        throw new MetadataFetchError(PRIVATE);
      case "too_large":
        throw new MetadataFetchError(`The metadata at that URL is larger than ${FENCE_MAX_BYTES / 1_000_000} MB.`);
      case "timeout":
        throw new MetadataFetchError(`The metadata URL did not answer within ${FENCE_TIMEOUT_MS / 1000} seconds.`);
      case "interrupted":
        throw new MetadataFetchError("The metadata download was interrupted.");
      case "network":
        throw new MetadataFetchError(`Could not reach the metadata URL (${e.code ?? e.message}).`);
    }
  }
}
