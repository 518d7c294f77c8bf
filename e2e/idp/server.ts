// A local SAML IdP for the e2e tests, started by the spec (beforeAll) in the Playwright worker.
// Several named IdPs share one port, each with its own entity ID, as separate customers' IdPs
// would: /idp/<name>/metadata, …/sso (SP-initiated login page) and …/launch (IdP-initiated).
import http from "node:http";
import { generateKeyPair, type KeyPair } from "./keys";
import { TestIdp } from "./test-idp";

export type IdpServer = {
  origin: string;
  /** Registers (or returns) the IdP called `name`. */
  idp(name: string): TestIdp;
  close(): Promise<void>;
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${body}</body></html>`;
}

function loginForm(action: string, heading: string, hidden: Record<string, string>, submit: string) {
  const fields = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("");
  const input = (name: string, label: string) =>
    `<p><label for="${name}">${label}</label><br><input id="${name}" name="${name}" style="width:100%"></p>`;
  return page(
    heading,
    `<h1>${esc(heading)}</h1><form method="post" action="${esc(action)}">${fields}` +
      input("idp-email", "IdP account email") +
      input("idp-first", "Given name") +
      input("idp-last", "Family name") +
      input("idp-groups", "Groups (comma separated)") +
      input("idp-role", "Role attribute") +
      `<button type="submit">${esc(submit)}</button></form>`,
  );
}

function autoPost(acsUrl: string, samlResponse: string, relayState: string) {
  const relay = relayState ? `<input type="hidden" name="RelayState" value="${esc(relayState)}">` : "";
  return page(
    "Signing in",
    `<form method="post" action="${esc(acsUrl)}"><input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">${relay}` +
      `<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>`,
  );
}

async function readBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startIdpServer(opts: { port: number; acsUrl: string; spEntityId: string; keys?: KeyPair }): Promise<IdpServer> {
  const origin = `http://127.0.0.1:${opts.port}`;
  const keys = opts.keys ?? generateKeyPair("gatehouse-e2e-idp");
  const idps = new Map<string, TestIdp>();
  const idp = (name: string) => {
    let found = idps.get(name);
    if (!found) {
      found = new TestIdp(`${origin}/idp/${name}`, `${origin}/idp/${name}/sso`, keys);
      idps.set(name, found);
    }
    return found;
  };

  const respond = (res: http.ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", origin);
      const m = /^\/idp\/([a-z0-9-]+)\/(metadata|sso|sso\/login|launch)$/.exec(url.pathname);
      const target = m ? idps.get(m[1]) : undefined;
      if (!m || !target) return respond(res, 404, "text/plain", "unknown IdP");
      const [, name, route] = m;

      if (route === "metadata") return respond(res, 200, "application/samlmetadata+xml", target.metadataXml());

      if (route === "sso" && req.method === "GET") {
        const samlRequest = url.searchParams.get("SAMLRequest");
        if (!samlRequest) return respond(res, 400, "text/plain", "SAMLRequest missing");
        const request = TestIdp.parseAuthnRequest(samlRequest);
        const hidden = { requestId: request.id, RelayState: url.searchParams.get("RelayState") ?? "" };
        return respond(res, 200, "text/html", loginForm(`/idp/${name}/sso/login`, `Test IdP ${name}`, hidden, "Sign in at IdP"));
      }
      if (route === "launch" && req.method === "GET") {
        return respond(res, 200, "text/html", loginForm(`/idp/${name}/launch`, `Test IdP ${name} – apps`, {}, "Open Gatehouse"));
      }

      if (req.method === "POST" && (route === "sso/login" || route === "launch")) {
        const form = await readBody(req);
        const attributes: Record<string, string | string[]> = {};
        if (form.get("idp-first")) attributes.firstName = form.get("idp-first")!;
        if (form.get("idp-last")) attributes.lastName = form.get("idp-last")!;
        if (form.get("idp-role")) attributes.role = form.get("idp-role")!;
        const groups = (form.get("idp-groups") ?? "").split(",").map((g) => g.trim()).filter(Boolean);
        if (groups.length) attributes.groups = groups;
        const samlResponse = target.buildResponse({
          acsUrl: opts.acsUrl,
          audience: opts.spEntityId,
          email: form.get("idp-email") ?? "",
          attributes,
          ...(route === "sso/login" && { inResponseTo: form.get("requestId") ?? undefined }),
        });
        return respond(res, 200, "text/html", autoPost(opts.acsUrl, samlResponse, route === "sso/login" ? (form.get("RelayState") ?? "") : ""));
      }
      respond(res, 405, "text/plain", "method not allowed");
    })().catch((e: unknown) => respond(res, 500, "text/plain", String(e)));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  return {
    origin,
    idp,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
