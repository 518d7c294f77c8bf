// Runtime settings: every variable Gatehouse reads is declared and validated here, once, so a typo
// stops start-up with a message naming the variable (SCIM_RATE_LIMIT_PER_MINUTE=abc used to make
// every SCIM request a 429). Secrets that are absent are generated once into ./data/ so a
// newcomer's `npm start` just works; several instances behind a load balancer must share them, so
// production sets them explicitly (see README).
import crypto from "node:crypto";
import fs from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { ensurePrivateFolder } from "./private-folder";

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const flag = z.enum(["true", "false", "1", "0"], { error: 'expected "true" or "false"' }).transform((v) => v === "true" || v === "1");
const httpOrigin = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });
// The options lib/db/database-url.ts reads from a postgresql:// URL. A typo there was silently
// replaced by a default: `connection_limit=abc` gave a pool without a limit, and `sslmode=verify_full`
// a connection without TLS.
const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
function postgresUrlProblems(value: string): string[] {
  let params: URLSearchParams;
  try {
    params = new URL(value).searchParams;
  } catch {
    return ["expected postgresql://user:password@host:port/database"];
  }
  const problems: string[] = [];
  const limit = params.get("connection_limit");
  if (limit !== null && !(/^\d+$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 1000)) problems.push("connection_limit must be a whole number from 1 to 1000");
  for (const name of ["connect_timeout", "query_timeout"]) {
    const v = params.get(name);
    if (v !== null && !/^\d+(\.\d+)?$/.test(v)) problems.push(`${name} must be a number of seconds`);
  }
  const ssl = params.get("sslmode");
  if (ssl !== null && !SSL_MODES.includes(ssl)) problems.push(`sslmode must be one of ${SSL_MODES.join(", ")}`);
  return problems;
}
/** Jackson encrypts its store with AES-256: a key of 32 bytes, given as 32 characters or as base64 of 32 bytes. */
export function isJacksonEncryptionKey(key: string): boolean {
  return (key.length === 32 ? Buffer.from(key, "latin1") : Buffer.from(key, "base64")).length === 32;
}

const databaseUrlSetting = z
  .string()
  .trim()
  .regex(/^(postgres(ql)?:\/\/|pglite:)/i, "expected postgresql://… or pglite:<dir>")
  // "pglite:" alone (a `pglite:$DIR` whose variable was empty) would be a database in memory, lost
  // at every restart and out of the CLIs' reach: say so. pglite:memory asks for that by name.
  .refine((value) => !/^pglite:\s*$/i.test(value), "pglite: names no folder (pglite:<dir>, or pglite:memory for a database that lasts as long as the process)")
  .superRefine((value, ctx) => {
    if (!/^postgres(ql)?:\/\//i.test(value)) return;
    for (const message of postgresUrlProblems(value)) ctx.addIssue({ code: "custom", message });
  });
const dnsServers = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine((s) => isIP(s) !== 0, "expected IP addresses separated by commas")));

// Empty values count as unset (`FOO= npm start`, or a blank line in a .env file).
const schema = z.object({
  PORT: int(1, 65535).default(3000),
  APP_URL: httpOrigin.optional(),
  NEXTAUTH_URL: httpOrigin.optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DATABASE_URL: databaseUrlSetting.optional(),
  GATEHOUSE_DATA_DIR: z.string().default("data"),
  SEED_OWNER_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  GATEHOUSE_SEED: flag.default(true),
  SCIM_RATE_LIMIT_PER_MINUTE: int(1, 10_000_000).default(10_000),
  // Checked here, at start, by jackson's own rule: a wrong key passed start-up and then failed
  // every single sign-on (a 64-character hex key from `openssl rand -hex 32` is the usual one).
  JACKSON_ENCRYPTION_KEY: z.string().refine(isJacksonEncryptionKey, "must be 32 characters, or base64 of 32 bytes (openssl rand -base64 32)").optional(),
  JACKSON_CLIENT_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  JACKSON_START_TIMEOUT_MS: int(100, 600_000).default(15_000),
  SSO_MANUAL_DOMAIN_VERIFICATION: flag.optional(),
  SSO_DNS_SERVERS: dnsServers.optional(),
  // Password sign-in throttle (lib/auth/password-sign-in.ts): attempts per window.
  SIGN_IN_ATTEMPTS_PER_ACCOUNT: int(1, 1_000_000).default(10),
  SIGN_IN_ATTEMPTS_PER_ADDRESS: int(1, 1_000_000).default(100),
  SIGN_IN_THROTTLE_MINUTES: int(1, 24 * 60).default(15),
  // Reverse proxies in front of the app that append the client's address to X-Forwarded-For.
  TRUSTED_PROXY_HOPS: int(0, 10).default(0),
  GATEHOUSE_TEST_ROUTES: flag.default(false),
  // Set by `npm run`: the folder the command was typed in (npm runs scripts from the package's own),
  // so a CLI resolves a relative file argument from where the operator is.
  INIT_CWD: z.string().optional(),
  // Developer tooling only.
  NEXT_DIST_DIR: z.string().optional(),
  DEBUG: z.string().optional(),
  // Who may create teams: any signed-in person, or only the operator (CLI, first-run page).
  GATEHOUSE_TEAM_CREATION: z.enum(["anyone", "operators"]).default("anyone"),
  // smtp(s)://user:pass@host:port — invitations are emailed; unset, the UI shows each link to
  // copy and says that no email was sent.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("Gatehouse <no-reply@gatehouse.invalid>"),
});

export type Env = z.infer<typeof schema>;

/** A setting that does not parse; its message names the variable and what it expects. */
export class InvalidSettingsError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid settings:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "InvalidSettingsError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, source[k]?.trim() ? source[k] : undefined]));
  const result = schema.safeParse(raw);
  if (result.success) {
    // Settings that each parse but cannot go together.
    if (result.data.SSO_MANUAL_DOMAIN_VERIFICATION && result.data.GATEHOUSE_TEAM_CREATION === "anyone") {
      throw new InvalidSettingsError([
        "SSO_MANUAL_DOMAIN_VERIFICATION: needs GATEHOUSE_TEAM_CREATION=operators (where anyone may create a team, any team's owner could mark any company's domain verified and sign its people in)",
      ]);
    }
    return result.data;
  }
  throw new InvalidSettingsError(
    result.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const value = raw[key];
      const shown = key.includes("SECRET") || key.includes("KEY") || key.includes("PASSWORD") || key === "DATABASE_URL" ? "" : ` (got ${JSON.stringify(value)})`;
      return `${key}: ${issue.message}${shown}`;
    }),
  );
}

let parsed: Env | undefined;
export function env(): Env {
  // Not `??=` on process.env at import time: tests set variables before the first use.
  parsed ??= parseEnv(process.env);
  return parsed;
}

/** Everything embedded lives here: the PGlite database, jackson's SQLite, generated secrets. GATEHOUSE_DATA_DIR, default ./data. */
export const dataDir = (): string => path.resolve(/*turbopackIgnore: true*/ env().GATEHOUSE_DATA_DIR);

/** The public origin, without a trailing slash: APP_URL, else NEXTAUTH_URL, else localhost. */
export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** The public origin as an operator set it (APP_URL, else NEXTAUTH_URL), or null when neither is set. */
export function configuredAppUrl(): string | null {
  const e = env();
  return (e.APP_URL ?? e.NEXTAUTH_URL)?.replace(/\/+$/, "") ?? null;
}

/** Served over https: cookies are Secure and HSTS is sent. */
export const isHttpsOrigin = (): boolean => appUrl().startsWith("https://");

// Read once per process: the request log's mask key asks on every SCIM request, and a file read
// each time was a measurable share of a lookup's CPU. A generated secret never changes once written.
const secretsRead = new Map<string, string>();

/** A secret from the environment, or one generated once and kept in ./data/<file>. */
export function persistentSecret(envValue: string | undefined, file: string): string {
  if (envValue) return envValue;
  const p = path.join(/*turbopackIgnore: true*/ dataDir(), file);
  let secret = secretsRead.get(p);
  if (secret === undefined) secretsRead.set(p, (secret = readOrCreateSecret(p)));
  return secret;
}

function readOrCreateSecret(p: string): string {
  const existing = readSecretFile(p);
  if (existing) return existing;
  // Absent, or empty: created but never written (a crash or power loss before the write reached
  // the disk). Nothing can have been signed or encrypted with an empty secret, so it is replaced.
  ensurePrivateFolder(path.dirname(p));
  const secret = crypto.randomBytes(32).toString("base64url");
  // Written whole and flushed under a temporary name, then put in place: nobody reads a file
  // that holds less than the whole secret. link() refuses if another process put theirs first.
  const tmp = `${p}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  const fd = fs.openSync(tmp, "wx", 0o600);
  try {
    fs.writeSync(fd, secret);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    if (existing === "") fs.renameSync(tmp, p);
    else linkOrCopy(tmp, p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // Whoever's file is in place now (ours, or another process's that won) is the secret.
  const kept = readSecretFile(p);
  if (!kept) throw new Error(`Could not write the generated secret ${p}`);
  return kept;
}

/** Puts `from` at `to` unless something is there (EEXIST). A folder without hard links (some network and FAT mounts) gets an exclusive copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (e) {
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
  }
}

/** The file's secret, "" for an empty file, null when there is none. */
function readSecretFile(p: string): string | null {
  try {
    return fs.readFileSync(/*turbopackIgnore: true*/ p, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export const authSecret = () => persistentSecret(env().NEXTAUTH_SECRET, "auth-secret");
export const jacksonEncryptionKey = () => persistentSecret(env().JACKSON_ENCRYPTION_KEY, "jackson-encryption-key");
export const jacksonClientSecret = () => persistentSecret(env().JACKSON_CLIENT_SECRET, "jackson-client-secret");
