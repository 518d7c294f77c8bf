// A local SAML IdP for the e2e tests, started by the spec (beforeAll) in the Playwright worker.
// Several named IdPs share one port, each with its own entity ID, as separate customers' IdPs
// would: /idp/<name>/metadata, …/sso (SP-initiated login page) and …/launch (IdP-initiated).
import http from "node:http";
import { verifyRedirectBinding } from "../../lib/saml/redirect-binding";
import { b64, wrap, type XswVariant } from "../../lib/saml/testing/forge";
import { dialectAttributes, IDP_DIALECTS, isIdpDialect, persistentNameId } from "./dialects";
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
      input("idp-display", "Display name") +
      `<p><label for="idp-dialect">Attribute dialect</label><br><select id="idp-dialect" name="idp-dialect">${Object.keys(IDP_DIALECTS)
        .map((d) => `<option value="${d}">${d}</option>`)
        .join("")}</select></p>` +
      `<p><label for="idp-nameid">NameID</label><br><select id="idp-nameid" name="idp-nameid"><option value="email">the email</option><option value="persistent">a persistent hash (SimpleSAMLphp)</option></select></p>` +
      input("idp-attack", "Attack (tests: XSW1–8, unsigned)") +
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

/** The SP's signing certificate, from its metadata (where an IdP admin would take it from). */
async function spSigningCert(metadataUrl: string): Promise<string> {
  const xml = await (await fetch(metadataUrl)).text();
  const use = /<md:KeyDescriptor use="signing">[\s\S]*?<ds:X509Certificate>([^<]+)</.exec(xml);
  if (!use) throw new Error("SP metadata without a signing certificate");
  return `-----BEGIN CERTIFICATE-----\n${use[1].replace(/\s+/g, "")}\n-----END CERTIFICATE-----\n`;
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
        // Like a strict IdP: the redirect binding's signature must verify with the SP's published key.
        if (!verifyRedirectBinding(url.search, await spSigningCert(opts.spEntityId))) {
          return respond(res, 400, "text/plain", "AuthnRequest signature missing or invalid (SigAlg/Signature)");
        }
        const request = TestIdp.parseAuthnRequest(samlRequest);
        const hidden = { requestId: request.id, RelayState: url.searchParams.get("RelayState") ?? "" };
        return respond(res, 200, "text/html", loginForm(`/idp/${name}/sso/login`, `Test IdP ${name}`, hidden, "Sign in at IdP"));
      }
      if (route === "launch" && req.method === "GET") {
        return respond(res, 200, "text/html", loginForm(`/idp/${name}/launch`, `Test IdP ${name} – apps`, {}, "Open Gatehouse"));
      }

      if (req.method === "POST" && (route === "sso/login" || route === "launch")) {
        const form = await readBody(req);
        const groups = (form.get("idp-groups") ?? "").split(",").map((g) => g.trim()).filter(Boolean);
        const email = form.get("idp-email") ?? "";
        const dialect = form.get("idp-dialect") ?? "gatehouse";
        const { emailAttribute, attributes } = dialectAttributes(isIdpDialect(dialect) ? dialect : "gatehouse", {
          email,
          first: form.get("idp-first") || undefined,
          last: form.get("idp-last") || undefined,
          display: form.get("idp-display") || undefined,
          role: form.get("idp-role") || undefined,
          groups,
        });
        const attack = form.get("idp-attack") ?? "";
        const options = {
          acsUrl: opts.acsUrl,
          audience: opts.spEntityId,
          email,
          emailAttribute,
          attributes,
          ...(form.get("idp-nameid") === "persistent" && { nameId: persistentNameId(email) }),
          ...(route === "sso/login" && { inResponseTo: form.get("requestId") ?? undefined }),
        };
        // Forged responses, for the tests that check they are refused: the attacker's subject
        // is `evil.<email>`, wrapped around a response the IdP really signed for `email`.
        let samlResponse: string;
        if (/^XSW[1-8]$/.test(attack)) {
          const onResponse = attack === "XSW1" || attack === "XSW2";
          const signed = target.buildResponseXml({ ...options, signResponse: onResponse, signAssertion: !onResponse });
          samlResponse = b64(wrap(attack as XswVariant, signed, email, `evil.${email}`));
        } else if (attack === "unsigned") {
          samlResponse = target.buildResponse({ ...options, signResponse: false, signAssertion: false });
        } else {
          samlResponse = target.buildResponse(options);
        }
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
