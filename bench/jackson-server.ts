// Jackson's directory sync (@boxyhq/saml-jackson, the SCIM server many SaaS apps embed) on
// PostgreSQL behind the thinnest node:http wrapper, for bench/scim-hot-path.ts: the wrapper only
// maps the URL and body onto directorySyncController.requests.handle(), as Jackson's own Next.js
// API route does.
//   node --import tsx bench/jackson-server.ts <port> <postgres url>
//   prints one JSON line {"directoryId","secret"} when listening
import http from "node:http";
import { createRequire } from "node:module";

const [port, url] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { controllers } = require("@boxyhq/saml-jackson") as typeof import("@boxyhq/saml-jackson");

const base = `http://127.0.0.1:${port}`;
const jackson = await controllers({
  externalUrl: base,
  samlPath: "/sso/acs",
  samlAudience: base,
  // pageLimit: Jackson caps a page at 50 unless told otherwise; Okta asks for 100.
  db: { engine: "sql", type: "postgres", url, pageLimit: 100 },
  // No webhook: events go nowhere, as in the cheapest real setup.
} as Parameters<typeof controllers>[0]);
const dsync = jackson.directorySyncController;
// A database kept from an earlier run (--reuse-jackson) has its directory already.
const existing = await dsync.directories.getByTenantAndProduct("bench", "bench");
const created = existing.data?.length ? existing : await dsync.directories.create({ tenant: "bench", product: "bench", name: "bench", type: "okta-scim-v2" });
if (created.error) throw new Error(JSON.stringify(created.error));
const directory = (Array.isArray(created.data) ? created.data[0] : created.data)!;

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const u = new URL(req.url!, base);
  const m = /^\/scim\/v2\/([^/]+)\/(Users|Groups)(?:\/([^/]+))?$/.exec(u.pathname);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  const auth = req.headers.authorization ?? "";
  const result = await dsync.requests.handle({
    method: req.method!,
    body: await readJson(req),
    directoryId: m[1],
    resourceType: m[2].toLowerCase(),
    resourceId: m[3],
    apiSecret: auth.startsWith("Bearer ") ? auth.slice(7) : null,
    query: {
      count: u.searchParams.has("count") ? Number(u.searchParams.get("count")) : undefined,
      startIndex: u.searchParams.has("startIndex") ? Number(u.searchParams.get("startIndex")) : undefined,
      filter: u.searchParams.get("filter") ?? undefined,
    },
  });
  const text = JSON.stringify(result.data);
  res.writeHead(result.status, { "Content-Type": "application/scim+json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

http
  .createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500).end(String(e));
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log(JSON.stringify({ directoryId: directory.id, secret: directory.scim.secret })));
