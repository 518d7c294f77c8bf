// Folders only the server's own user may read: the embedded database's files (password hashes,
// addresses, the SCIM request log), jackson's store, generated secrets, backups. PGlite writes its
// files with the process's umask (0644 under the usual 022), where PostgreSQL itself refuses to
// start on a data folder others can enter; the folder's own mode is what keeps them out.
import fs from "node:fs";

/**
 * Creates `dir` as 0700, or makes an existing one 0700 if others could enter it (saying so). One it
 * cannot change (another user's, a read-only mount) is left as it is, with a warning: refusing to
 * start would lock out an operator who chose it.
 */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(dir);
  if ((stat.mode & 0o077) === 0) return;
  const was = (stat.mode & 0o777).toString(8);
  try {
    if (stat.uid !== process.getuid?.()) throw new Error("another user's folder");
    fs.chmodSync(dir, 0o700);
    console.error(`Made ${dir} private (mode 0700, was ${was}): it holds the database's files and secrets.`);
  } catch (e) {
    console.error(`Warning: ${dir} (mode ${was}) can be entered by other users, and it holds the database's files and secrets; it could not be made private (${e instanceof Error ? e.message : String(e)}).`);
  }
}
