import { plainText } from "@/lib/plain-text";

// The team form's fields, shared by "Create a team", the first-run page and team settings.
// The slug's rules are lib/teams/slug.ts's; this only bounds the input.
export const teamFields = {
  name: plainText().trim().min(1, "Enter a team name.").max(100, "Keep the team name to 100 characters or fewer."),
  slug: plainText().trim().min(1, "Enter a URL name.").max(100, "Keep the URL name to 40 characters or fewer."),
};
