// npm run scim-token -- <team-slug> [name]
// Creates a SCIM bearer token for the team and prints the secret alone on the last line.
// Only its hash is stored: the secret cannot be shown again.
import { openDatabase } from "../lib/db/open";
import { createScimToken } from "../lib/scim-tokens/create-token";
import { systemActor } from "../lib/audit/actor";
import { appUrl } from "../lib/env";

const [slug, ...nameParts] = process.argv.slice(2);
if (!slug) {
  console.error("usage: npm run scim-token -- <team-slug> [name]");
  process.exit(64);
}

const { db, close } = await openDatabase();
try {
  const team = await db.team.findUnique({ where: { slug } });
  if (!team) {
    console.error(`No team with slug "${slug}".`);
    process.exitCode = 1;
  } else {
    const name = nameParts.join(" ").trim() || "CLI token";
    const token = await createScimToken(db, { teamId: team.id, name, mayManageOwners: true }, systemActor("cli"));
    console.log(`Created SCIM token "${token.name}" (${token.prefix}…) for team "${team.slug}".`);
    console.log(`SCIM endpoint: ${appUrl()}/api/scim/v2`);
    console.log("Copy the token now; it will not be shown again:");
    console.log(token.secret);
  }
} finally {
  await close();
}
