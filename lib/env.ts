// Runtime settings, read once and validated. Secrets that are absent are generated once into
// ./data/ so a newcomer's `npm start` just works; several instances behind a load balancer must
// share them, so production sets them explicitly (see README).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const DATA_DIR = path.resolve(/*turbopackIgnore: true*/ process.env.GATEHOUSE_DATA_DIR ?? "data");

/** Where generated secrets and embedded stores (jackson's SQLite) live: GATEHOUSE_DATA_DIR, default ./data. */
export const dataDir = (): string => DATA_DIR;

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  // Who may create teams: any signed-in person, or only the operator (CLI, first-run page).
  GATEHOUSE_TEAM_CREATION: z.enum(["anyone", "operators"]).default("anyone"),
  // smtp(s)://user:pass@host:port — invitations and password resets are emailed; unset, the UI
  // shows each link to copy and says that no email was sent.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("Gatehouse <no-reply@gatehouse.invalid>"),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;
export function env(): Env {
  parsed ??= schema.parse(process.env);
  return parsed;
}

/** The public origin, without a trailing slash: APP_URL, else NEXTAUTH_URL, else localhost. */
export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** A secret from the environment, or one generated once and kept in ./data/<file>. */
export function persistentSecret(envValue: string | undefined, file: string): string {
  if (envValue) return envValue;
  const p = path.join(/*turbopackIgnore: true*/ DATA_DIR, file);
  try {
    return fs.readFileSync(/*turbopackIgnore: true*/ p, "utf8").trim();
  } catch {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    // wx: if another process wrote it first, keep theirs.
    try {
      fs.writeFileSync(p, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(p, "utf8").trim();
    }
  }
}

export const authSecret = () => persistentSecret(env().NEXTAUTH_SECRET, "auth-secret");
