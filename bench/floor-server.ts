// The floor for bench/scim-hot-path.ts: the least a SCIM lookup / create / PATCH / import server
// can do on PostgreSQL — node:http, one pg pool, one indexed table, one statement per request, a
// constant bearer token compared in memory. No framework, no audit, no rate limit, no log.
//   node --import tsx bench/floor-server.ts <port> <postgres url>   (prints "ready" when listening)
import crypto from "node:crypto";
import http from "node:http";
import pg from "pg";

const [port, url] = process.argv.slice(2);
export const FLOOR_TOKEN = "floor-token";
const pool = new pg.Pool({ connectionString: url, max: 10 });

await pool.query(`CREATE TABLE IF NOT EXISTS floor_users (
  id uuid PRIMARY KEY, user_name text NOT NULL, user_name_lower text NOT NULL UNIQUE, external_id text,
  given_name text, family_name text, active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(), version int NOT NULL DEFAULT 1)`);
await pool.query(`CREATE INDEX IF NOT EXISTS floor_users_order ON floor_users (created_at, id)`);

type Row = { id: string; user_name: string; external_id: string | null; given_name: string | null; family_name: string | null; active: boolean; created_at: Date; version: number };
const render = (r: Row) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: r.id, externalId: r.external_id ?? undefined, userName: r.user_name,
  name: { givenName: r.given_name ?? undefined, familyName: r.family_name ?? undefined },
  emails: [{ value: r.user_name, primary: true, type: "work" }], active: r.active,
  meta: { resourceType: "User", created: r.created_at.toISOString(), version: `W/"${r.version}"`, location: `/scim/v2/Users/${r.id}` },
});
const list = (rows: Row[], total: number, startIndex: number) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map(render),
});
const COLS = "id, user_name, external_id, given_name, family_name, active, created_at, version";

function send(res: http.ServerResponse, status: number, body?: unknown) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/scim+json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.headers.authorization !== `Bearer ${FLOOR_TOKEN}`) return send(res, 401, { detail: "unauthorized" });
  const u = new URL(req.url!, "http://x");
  const m = /^\/scim\/v2\/Users(?:\/([0-9a-f-]{36}))?$/.exec(u.pathname);
  if (!m) return send(res, 404, { detail: "not found" });
  const id = m[1];
  if (req.method === "GET" && !id) {
    const filter = u.searchParams.get("filter");
    if (filter) {
      const f = /^userName eq "([^"]*)"$/i.exec(filter);
      if (!f) return send(res, 400, { scimType: "invalidFilter" });
      const { rows } = await pool.query<Row>(`SELECT ${COLS} FROM floor_users WHERE user_name_lower = $1`, [f[1].toLowerCase()]);
      return send(res, 200, list(rows, rows.length, 1));
    }
    const startIndex = Math.max(1, Number(u.searchParams.get("startIndex") ?? 1));
    const count = Math.min(200, Number(u.searchParams.get("count") ?? 100));
    const [{ rows }, total] = await Promise.all([
      pool.query<Row>(`SELECT ${COLS} FROM floor_users ORDER BY created_at, id OFFSET $1 LIMIT $2`, [startIndex - 1, count]),
      pool.query<{ n: string }>(`SELECT count(*) AS n FROM floor_users`),
    ]);
    return send(res, 200, list(rows, Number(total.rows[0].n), startIndex));
  }
  if (req.method === "POST" && !id) {
    const b = await readJson(req);
    try {
      const { rows } = await pool.query<Row>(
        `INSERT INTO floor_users (id, user_name, user_name_lower, external_id, given_name, family_name, active) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING ${COLS}`,
        [crypto.randomUUID(), b.userName, String(b.userName).toLowerCase(), b.externalId ?? null, b.name?.givenName ?? null, b.name?.familyName ?? null, b.active !== false],
      );
      return send(res, 201, render(rows[0]));
    } catch (e) {
      if ((e as { code?: string }).code === "23505") return send(res, 409, { scimType: "uniqueness" });
      throw e;
    }
  }
  if (req.method === "PATCH" && id) {
    const b = await readJson(req);
    const op = (b.Operations ?? []).find((o: any) => o.path === "active" || (o.value && "active" in o.value));
    const active = op ? (op.path === "active" ? op.value : op.value.active) : undefined;
    const { rows } = await pool.query<Row>(
      `UPDATE floor_users SET active = COALESCE($2, active), version = version + 1 WHERE id = $1 RETURNING ${COLS}`,
      [id, active === undefined ? null : active === true || active === "true" || active === "True"],
    );
    return rows[0] ? send(res, 200, render(rows[0])) : send(res, 404, { detail: "not found" });
  }
  return send(res, 405, { detail: "method not allowed" });
}

http
  .createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { detail: String(e) }));
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
