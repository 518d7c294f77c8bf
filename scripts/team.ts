// npm run team -- create <slug> <name> --owner <email>
// Creates a team with its owner on this server, whatever GATEHOUSE_TEAM_CREATION says (this is
// the operator), and prints a one-time link for the owner to choose a password (or, when the
// owner already has an account with one, the sign-in page). While `npm start` runs on the
// embedded database the running server does it (the folder has one owner).
import { parseArgs } from "node:util";
import type { OperatorTeamResult } from "../lib/teams/create-team-for-operator";
import { runDbCommand } from "./lib/db-commands";

const USAGE = "usage: npm run team -- create <slug> <name> --owner <email>";

function parse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { owner: { type: "string" } }, allowPositionals: true });
    const [command, slug, ...name] = positionals;
    if (command !== "create" || !slug || name.length === 0 || !values.owner) return null;
    return { slug, name: name.join(" "), owner: values.owner };
  } catch {
    return null;
  }
}

const args = parse(process.argv.slice(2));
if (!args) {
  console.error(USAGE);
  process.exit(64);
}

try {
  const team = await runDbCommand<OperatorTeamResult>("team-create", args);
  console.log(`Created team "${team.name}" (/teams/${team.slug}) with owner ${team.owner}.`);
  if (team.linkKind === "setup") {
    console.log(`Send this one-time link to ${team.owner} to choose a password (it works once, until ${team.expiresAt}):`);
  } else {
    console.log(`${team.owner} already has a password: they sign in at`);
  }
  console.log(team.link);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
