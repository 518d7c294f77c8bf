// The fence around every request this server makes to an address someone else chose: an IdP's
// metadata URL (metadata-fetch.ts), an OpenID provider's discovery document and the endpoints it
// names, which jackson calls at every sign-in (jackson-oidc-fence.ts). Those addresses come from
// a team admin or an outside IT admin with a setup link, so: https only, no private, loopback or
// link-local addresses (checked on the address actually connected to, so a name that resolves
// elsewhere by then cannot swap it), no redirects followed, no pooled connections, 1 MB and 8
// seconds at most. A server that itself runs on loopback (development, tests) may call loopback.
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";

export const FENCE_MAX_BYTES = 1_000_000;
export const FENCE_TIMEOUT_MS = 8000;

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(addr, prefix, "ipv4");
// NAT64 prefixes (64:ff9b::/96, 64:ff9b:1::/48) embed an IPv4 address a NAT64 gateway would
// reach for us, private ones included. IPv4-mapped addresses (::ffff:a.b.c.d) need no rule of
// their own: BlockList checks them against the IPv4 rules above, and a rule for ::ffff:0:0/96
// would match every IPv4 address too.
for (const [addr, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96], ["64:ff9b:1::", 48],
] as const) {
  blocked.addSubnet(addr, prefix, "ipv6");
}
const loopback = new net.BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/**
 * Which loopback addresses may be called: none (false, a server on a public name), all (true, a
 * server that itself runs on loopback), or those a test names, so that one loopback address can
 * stand for an IdP and another for an internal service.
 */
export type LoopbackPolicy = boolean | ((address: string) => boolean);

export type DnsLookup = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

export type FencePolicy = {
  allowLoopback: LoopbackPolicy;
  /** Name resolution (dns.lookup); tests pass one that answers what they need. */
  dnsLookup?: DnsLookup;
};

export type FenceRefusal = "invalid_url" | "not_https" | "credentials" | "blocked_address" | "timeout" | "too_large" | "interrupted" | "network";

/** Why a fenced request did not happen or did not finish; callers word it for their form or page. */
export class FenceError extends Error {
  constructor(
    readonly reason: FenceRefusal,
    message: string,
    /** The system error code of a network failure (ECONNREFUSED …). */
    readonly code?: string,
  ) {
    super(message);
    this.name = "FenceError";
  }
}

const loopbackAllowed = (policy: FencePolicy) => policy.allowLoopback !== false;

export function isAllowedAddress(address: string, policy: FencePolicy): boolean {
  const family = net.isIPv6(address) ? "ipv6" : "ipv4";
  if (loopback.check(address, family)) {
    const allow = policy.allowLoopback;
    if (allow === true || (typeof allow === "function" && allow(address))) return true;
  }
  return !blocked.check(address, family);
}

/**
 * The URL, if this server may call it: https (or http to a loopback name while loopback may be
 * called), no credentials, not an IP literal the fence refuses. Names are checked when connecting.
 */
export function fenceUrl(raw: string, policy: FencePolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FenceError("invalid_url", `not a URL: ${raw.slice(0, 200)}`);
  }
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  const local = loopbackAllowed(policy) && (url.hostname === "localhost" || (net.isIP(literal) !== 0 && loopback.check(literal, net.isIPv6(literal) ? "ipv6" : "ipv4")));
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) throw new FenceError("not_https", `not https: ${url.href}`);
  if (url.username || url.password) throw new FenceError("credentials", "URL with credentials");
  // An IP literal skips lookup(), so it is checked here.
  if (net.isIP(literal) && !isAllowedAddress(literal, policy)) throw new FenceError("blocked_address", `refused address ${literal}`);
  return url;
}

function fencedLookup(policy: FencePolicy): LookupFunction {
  return (hostname, opts, callback) => {
    const resolve: DnsLookup = policy.dnsLookup ?? ((h, o, cb) => dns.lookup(h, o, cb));
    resolve(hostname, { ...(opts as dns.LookupOptions), all: true }, (err, list) => {
      if (err) return callback(err, "", 0);
      const bad = list.find((a) => !isAllowedAddress(a.address, policy));
      if (bad || list.length === 0) {
        return callback(Object.assign(new Error(`refused address ${bad?.address ?? "none"}`), { code: "EADDRBLOCKED" }), "", 0);
      }
      if ((opts as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * Whether a URL this server will call later (an OpenID provider's token endpoint, JWKS …) is
 * https on a host that resolves, now, to addresses it may call. A name that does not resolve
 * passes: it is refused when connecting, like one that resolves elsewhere by then.
 */
export async function checkFencedUrl(raw: string, policy: FencePolicy): Promise<void> {
  const url = fenceUrl(raw, policy);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) return;
  await new Promise<void>((resolve, reject) => {
    fencedLookup(policy)(host, { all: true }, (err) => {
      if ((err as NodeJS.ErrnoException | null)?.code === "EADDRBLOCKED") reject(new FenceError("blocked_address", err!.message));
      else resolve();
    });
  });
}

export type FencedRequest = {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
};

export type FencedResponse = { status: number; statusText: string; headers: [string, string][]; body: Buffer };

/** One request, redirects not followed (a 3xx is answered as it is). `url` must come from fenceUrl(). */
export function fencedRequest(url: URL, init: FencedRequest, policy: FencePolicy): Promise<FencedResponse> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<FencedResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: FenceError | unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      init.signal?.removeEventListener("abort", onAbort);
      req.destroy();
      reject(e);
    };
    const req = client.request(
      url,
      {
        method: init.method ?? "GET",
        headers: { ...init.headers, ...(init.body && { "content-length": String(init.body.length) }) },
        lookup: fencedLookup(policy),
        // A connection of its own, never a pooled one made by a request without this fence.
        agent: false,
      },
      (res) => {
        const declared = Number(res.headers["content-length"]);
        if (declared > FENCE_MAX_BYTES) return fail(new FenceError("too_large", `larger than ${FENCE_MAX_BYTES} bytes`));
        let size = 0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > FENCE_MAX_BYTES) fail(new FenceError("too_large", `larger than ${FENCE_MAX_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          init.signal?.removeEventListener("abort", onAbort);
          const headers: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers, body: Buffer.concat(chunks) });
        });
        res.on("error", () => fail(new FenceError("interrupted", "response interrupted")));
        res.on("aborted", () => fail(new FenceError("interrupted", "response interrupted")));
      },
    );
    // The whole exchange, not just an idle socket: a server trickling bytes is cut off too.
    const deadline = setTimeout(() => fail(new FenceError("timeout", `no answer within ${FENCE_TIMEOUT_MS / 1000} seconds`)), FENCE_TIMEOUT_MS);
    deadline.unref?.();
    const onAbort = () => fail(init.signal?.reason ?? new FenceError("timeout", "aborted"));
    if (init.signal?.aborted) return onAbort();
    init.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRBLOCKED") fail(new FenceError("blocked_address", e.message));
      else fail(new FenceError("network", e.message, e.code ?? e.message));
    });
    req.end(init.body);
  });
}

/** What openid-client calls to fetch (its customFetch option). */
export type CustomFetch = (url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal; redirect?: string }) => Promise<Response>;

function requestBody(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("unsupported request body");
}

/** How a refused or failed request reads in an error page or a test sign-in's result. */
function fetchFailure(url: string, e: FenceError): string {
  const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
  switch (e.reason) {
    case "blocked_address":
      return `The identity provider's address ${shown} is private or local; this server does not call it.`;
    case "not_https":
    case "invalid_url":
      return `The identity provider's address ${shown} is not https://; this server does not call it.`;
    case "credentials":
      return "The identity provider's address contains a user name or password; this server does not call it.";
    case "too_large":
      return `The identity provider's answer from ${shown} is larger than ${FENCE_MAX_BYTES / 1_000_000} MB.`;
    case "timeout":
      return `The identity provider did not answer within ${FENCE_TIMEOUT_MS / 1000} seconds (${shown}).`;
    default:
      return `Could not reach the identity provider at ${shown} (${e.code ?? e.message}).`;
  }
}

/**
 * A fetch for openid-client whose every request goes through the fence. Failures are TypeErrors,
 * as with fetch itself: openid-client passes those on as they are (others become "something went
 * wrong"), and jackson shows their message in its error redirect.
 */
export function fencedFetch(policy: FencePolicy): CustomFetch {
  return async (input, options) => {
    try {
      return await fencedFetchOnce(String(input), options, policy);
    } catch (e) {
      if (e instanceof FenceError) throw new TypeError(fetchFailure(String(input), e), { cause: e });
      throw e;
    }
  };
}

async function fencedFetchOnce(input: string, options: Parameters<CustomFetch>[1], policy: FencePolicy): Promise<Response> {
  const url = fenceUrl(input, policy);
  const body = requestBody(options.body);
  const headers = { ...options.headers };
  if (options.body instanceof URLSearchParams && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
  }
  const res = await fencedRequest(url, { method: options.method, headers, body, signal: options.signal }, policy);
  if (res.status < 200 || res.status > 599) throw new FenceError("network", `HTTP status ${res.status}`);
  const noBody = res.status === 204 || res.status === 205 || res.status === 304;
  const h = new Headers();
  for (const [k, v] of res.headers) h.append(k, v);
  return new Response(noBody ? null : new Uint8Array(res.body), { status: res.status, statusText: res.statusText, headers: h });
}
