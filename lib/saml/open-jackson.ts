// Starts an in-process jackson. Loaded at run time rather than bundled: jackson pulls in typeorm
// and native better-sqlite3, which must come from node_modules as they are.
import type { JacksonOption, SAMLJackson } from "@boxyhq/saml-jackson";
import { withDeploymentLock } from "../db/deployment-lock";
import { SsoError } from "./errors";
import { installOidcFence } from "./jackson-oidc-fence";
import type { FencePolicy } from "./outbound-fence";

export type Jackson = SAMLJackson;

type JacksonModule = { controllers?: (o: JacksonOption) => Promise<Jackson>; default?: unknown };

async function loadControllers(): Promise<(o: JacksonOption) => Promise<Jackson>> {
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "@boxyhq/saml-jackson")) as JacksonModule;
  const cjs = mod.default as JacksonModule | undefined;
  const fn = mod.controllers ?? cjs?.controllers ?? (cjs?.default as JacksonModule["controllers"]);
  if (typeof fn !== "function") throw new Error("@boxyhq/saml-jackson did not export controllers()");
  return fn;
}

/**
 * Starts jackson; no time limit (see withStartTimeout for that). `databaseUrl` is the app's: on
 * PostgreSQL, one instance at a time starts, so that all share the SP key the first one made.
 * `fence` is what jackson's OpenID requests may reach (jackson-oidc-fence.ts): jackson does not
 * start without it.
 */
export async function openJackson(options: JacksonOption, databaseUrl: string, fence: FencePolicy): Promise<Jackson> {
  const controllers = await loadControllers();
  await installOidcFence(fence);
  return assertPatched(await withDeploymentLock(databaseUrl, "jackson start", () => controllers(options)));
}

/**
 * jackson as patches/ leaves it, or no jackson: each OpenID connection's own redirect URI and the
 * check that an answer came back to its connection's (oidc-redirect-key.ts) live in the patch, and
 * an unpatched jackson would ignore the key and bring back the mix-up they close. patch-package
 * runs on npm install (and fails it when a patch no longer applies), but a copy installed another
 * way would start silently without this.
 */
export function assertPatched(jackson: Jackson): Jackson {
  if (typeof (jackson.oauthController as unknown as { oidcRedirectUri?: unknown }).oidcRedirectUri !== "function") {
    throw new Error("@boxyhq/saml-jackson is not patched (patches/): run npm install, which applies the patch");
  }
  return jackson;
}

/**
 * Waits at most `timeoutMs` for `starting`. jackson retries its database forever, so a start that
 * does not finish is not abandoned: later calls keep waiting on the same attempt and succeed as
 * soon as the database answers. Callers get a clear 503 meanwhile.
 */
export function withStartTimeout<T>(starting: Promise<T>, timeoutMs: number): Promise<T> {
  if (timeoutMs <= 0) return Promise.race([starting, Promise.reject(unavailable())]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), timeoutMs);
    timer.unref?.();
  });
  return Promise.race([starting, timeout]).finally(() => clearTimeout(timer));
}

const unavailable = () =>
  new SsoError("unavailable", "Single sign-on is starting or its database is unreachable. Try again shortly.", 503, "jackson start-up timed out");

type X509Module = { getDefaultCertificate?: () => Promise<{ publicKey: string; privateKey: string }>; default?: X509Module };

/**
 * The SP key pair jackson signs AuthnRequests with and IdPs encrypt assertions for (generated
 * once into its store). Loaded from the same module instance jackson uses, after jackson started.
 */
export async function spKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "@boxyhq/saml-jackson/dist/saml/x509.js")) as X509Module;
  const fn = mod.getDefaultCertificate ?? mod.default?.getDefaultCertificate;
  if (typeof fn !== "function") throw new Error("@boxyhq/saml-jackson did not export getDefaultCertificate()");
  return fn();
}
