// Fetches IdP metadata from the URL an admin typed. The server makes this request, so it is
// fenced like any user-supplied URL: https only, no private, loopback or link-local addresses
// (checked on the address actually connected to, so DNS tricks cannot swap it), no redirects,
// 1 MB and 8 seconds at most. A server that itself runs on loopback (development, tests) may
// fetch from loopback.
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";

const MAX_BYTES = 1_000_000;
const TIMEOUT_MS = 8000;

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(addr, prefix, "ipv4");
// NAT64 prefixes (64:ff9b::/96, 64:ff9b:1::/48) embed an IPv4 address a NAT64 gateway would
// reach for us, private ones included. IPv4-mapped addresses (::ffff:a.b.c.d) need no rule of
// their own: BlockList checks them against the IPv4 rules above, and a rule for ::ffff:0:0/96
// would match every IPv4 address too (it refused every public IdP reached over IPv4).
for (const [addr, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96], ["64:ff9b:1::", 48],
] as const) {
  blocked.addSubnet(addr, prefix, "ipv6");
}
const loopback = new net.BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

export class MetadataFetchError extends Error {}

export function isAllowedAddress(address: string, allowLoopback: boolean): boolean {
  const family = net.isIPv6(address) ? "ipv6" : "ipv4";
  if (allowLoopback && loopback.check(address, family)) return true;
  return !blocked.check(address, family);
}

export type FetchOptions = {
  allowLoopback: boolean;
  /** The Accept header (OIDC discovery documents are JSON). */
  accept?: string;
  /** Name resolution (dns.lookup); tests pass one that answers what they need. */
  dnsLookup?: (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;
};

export async function fetchMetadataXml(rawUrl: string, options: FetchOptions): Promise<string> {
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    throw new MetadataFetchError("Enter a full metadata URL, starting with https://.");
  }
  const local = options.allowLoopback && (url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]");
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new MetadataFetchError("The metadata URL must start with https://.");
  }
  if (url.username || url.password) throw new MetadataFetchError("The metadata URL must not contain a user name or password.");

  const lookup: LookupFunction = (hostname, opts, callback) => {
    const resolve = options.dnsLookup ?? ((h, o, cb) => dns.lookup(h, o, cb));
    resolve(hostname, { ...(opts as dns.LookupOptions), all: true }, (err, list) => {
      if (err) return callback(err, "", 0);
      const bad = list.find((a) => !isAllowedAddress(a.address, options.allowLoopback));
      if (bad || list.length === 0) {
        return callback(Object.assign(new Error(`refused address ${bad?.address ?? "none"}`), { code: "EADDRBLOCKED" }), "", 0);
      }
      if ((opts as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };

  // An IP literal skips lookup(), so it is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(literal) && !isAllowedAddress(literal, options.allowLoopback)) {
    throw new MetadataFetchError("The metadata URL points to a private or local address, which this server does not fetch from.");
  }

  const client = url.protocol === "https:" ? https : http;
  return new Promise<string>((resolve, reject) => {
    const req = client.get(url, { lookup, timeout: TIMEOUT_MS, headers: { accept: options.accept ?? "application/samlmetadata+xml, application/xml, text/xml" } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return reject(new MetadataFetchError(`The metadata URL redirects (HTTP ${status}). Paste the final URL, or the XML itself.`));
      }
      if (status !== 200) {
        res.resume();
        return reject(new MetadataFetchError(`The metadata URL answered HTTP ${status}.`));
      }
      let size = 0;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) {
          req.destroy();
          reject(new MetadataFetchError("The metadata at that URL is larger than 1 MB."));
        } else chunks.push(c);
      });
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      res.on("error", () => reject(new MetadataFetchError("The metadata download was interrupted.")));
    });
    req.on("timeout", () => {
      req.destroy();
      reject(new MetadataFetchError("The metadata URL did not answer within 8 seconds."));
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRBLOCKED") reject(new MetadataFetchError("The metadata URL points to a private or local address, which this server does not fetch from."));
      else reject(new MetadataFetchError(`Could not reach the metadata URL (${e.code ?? e.message}).`));
    });
  });
}
