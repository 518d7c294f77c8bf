// Folders only the server's own user may read: the embedded database's files (password hashes,
// addresses, the SCIM request log), jackson's store, generated secrets, backups. PGlite writes its
// files with the process's umask (0644 under the usual 022), where PostgreSQL itself refuses to
// start on a data folder others can enter; the folder's own mode is what keeps them out.
import fs from "node:fs";

/** Creates `dir` as 0700, or makes an existing one of this user 0700 if others could enter it (saying so once). */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(dir);
  // Another user's folder (a volume mounted in) is theirs to set: chmod would fail anyway.
  if ((stat.mode & 0o077) === 0 || stat.uid !== process.getuid?.()) return;
  fs.chmodSync(dir, 0o700);
  console.error(`Made ${dir} private (mode 0700, was ${(stat.mode & 0o777).toString(8)}): it holds the database's files and secrets.`);
}
