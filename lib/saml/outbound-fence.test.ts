// The fence jackson's OpenID requests go through (outbound-fence.ts, as fencedFetch): it refuses
// before connecting, decides on the address it connects to, follows no redirect and reads no
// more than 1 MB. 127.0.0.1 stands for a provider's public address, 127.0.0.2 for an internal one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { checkFencedUrl, FenceError, fencedFetch, type DnsLookup, type FencePolicy } from "./outbound-fence";

const resolvesTo =
  (...addresses: string[]): DnsLookup =>
  (_host, _opts, cb) =>
    cb(null, addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
const idpOnly: FencePolicy["allowLoopback"] = (address) => address === "127.0.0.1";

let provider: http.Server;
let port: number;
let internal: http.Server;
const internalHits: string[] = [];
let lastBody = "";

function listen(server: http.Server, host: string, at = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(at, host, () => resolve((server.address() as AddressInfo).port));
  });
}

before(async () => {
  provider = http.createServer((req, res) => {
    if (req.url === "/redirect") {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/secret` });
      return res.end();
    }
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(Buffer.alloc(1_100_000, 32));
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      lastBody = `${req.method} ${req.headers["content-type"] ?? ""} ${Buffer.concat(chunks).toString()}`;
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  port = await listen(provider, "127.0.0.1");
  internal = http.createServer((req, res) => {
    internalHits.push(`${req.method} ${req.url}`);
    res.end("internal");
  });
  await listen(internal, "127.0.0.2", port);
});
after(() => {
  provider?.close();
  internal?.close();
});

describe("fencedFetch", () => {
  const refused = async (url: string, reason: RegExp, policy: FencePolicy = { allowLoopback: false }) => {
    const hits = internalHits.length;
    await assert.rejects(fencedFetch(policy)(url, { method: "GET", headers: {} }), (e: unknown) => e instanceof TypeError && reason.test(e.message), url);
    assert.equal(internalHits.length, hits, `${url} reached the internal service`);
  };

  it("calls a provider the fence allows, with the request openid-client makes", async () => {
    const res = await fencedFetch({ allowLoopback: idpOnly })(`http://localhost:${port}/token`, {
      method: "POST",
      headers: { accept: "application/json" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "c" }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
    assert.equal(lastBody, "POST application/x-www-form-urlencoded;charset=UTF-8 grant_type=authorization_code&code=c");
  });
  it("refuses non-https, credentials and private literals before connecting", async () => {
    await refused("http://idp.example.com/token", /not https/);
    await refused("https://user:pw@idp.example.com/token", /user name or password/);
    for (const host of ["10.0.0.1", "169.254.169.254", "127.0.0.1", "[::1]", "[::ffff:127.0.0.2]", "[64:ff9b::a9fe:a9fe]"]) {
      await refused(`https://${host}/token`, /private or local/);
    }
    await refused(`http://127.0.0.2:${port}/token`, /private or local/, { allowLoopback: idpOnly });
  });
  it("decides on the address it connects to: a name resolving to an internal address is refused", async () => {
    await refused(`http://localhost:${port}/token`, /private or local/, { allowLoopback: idpOnly, dnsLookup: resolvesTo("127.0.0.2") });
    await refused("https://idp.attacker.example/token", /private or local/, { allowLoopback: false, dnsLookup: resolvesTo("93.184.215.14", "10.0.0.7") });
  });
  it("follows no redirect", async () => {
    const res = await fencedFetch({ allowLoopback: idpOnly })(`http://localhost:${port}/redirect`, { method: "GET", headers: {} });
    assert.equal(res.status, 302);
    assert.deepEqual(internalHits, []);
  });
  it("reads no more than 1 MB", async () => {
    await refused(`http://localhost:${port}/big`, /larger than 1 MB/, { allowLoopback: idpOnly });
  });
});

describe("checkFencedUrl (a discovery document's endpoints, on save)", () => {
  const blocked = (url: string, policy: FencePolicy) =>
    assert.rejects(checkFencedUrl(url, policy), (e: unknown) => e instanceof FenceError && e.reason === "blocked_address", url);
  it("refuses a name that resolves to a private address now", async () => {
    await blocked("https://db.corp.example/token", { allowLoopback: false, dnsLookup: resolvesTo("10.1.2.3") });
    await blocked("https://169.254.169.254/latest", { allowLoopback: true });
  });
  it("lets a public one pass, and one that does not resolve (the fence refuses it when connecting, if it ever resolves privately)", async () => {
    await checkFencedUrl("https://idp.example.com/token", { allowLoopback: false, dnsLookup: resolvesTo("93.184.215.14") });
    const nxdomain: DnsLookup = (_h, _o, cb) => cb(Object.assign(new Error("not found"), { code: "ENOTFOUND" }), []);
    await checkFencedUrl("https://gone.example/token", { allowLoopback: false, dnsLookup: nxdomain });
  });
});
