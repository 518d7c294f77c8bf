// npm run scim-token -- <team-slug> [name]
// Creates a SCIM bearer token for the team and prints the secret alone on the last line.
// Only its hash is stored: the secret cannot be shown again. While `npm start` runs on the
// embedded database the running server makes it (the folder has one owner), so it works at once.
import { runDbCommand, type TokenResult } from "./lib/db-commands";

const [slug, ...nameParts] = process.argv.slice(2);
if (!slug) {
  console.error("usage: npm run scim-token -- <team-slug> [name]");
  process.exit(64);
}

try {
  const token = await runDbCommand<TokenResult>("scim-token", { slug, name: nameParts.join(" ").trim() });
  console.log(`Created SCIM token "${token.name}" (${token.prefix}…) for team "${token.slug}".`);
  // The server's, when it made the token: this shell may not have its APP_URL.
  console.log(`SCIM endpoint: ${token.endpoint}`);
  console.log("Copy the token now; it will not be shown again:");
  console.log(token.secret);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
