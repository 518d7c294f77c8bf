import type { Role } from "@/lib/db/generated/enums";

/** A role as the object of a sentence, with its article: "an owner", "an admin", "a member". */
export function roleWithArticle(role: Role): string {
  const noun = role.toLowerCase();
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}
