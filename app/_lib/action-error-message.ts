import { isTransactionConflict } from "@/lib/db/errors";
import { DomainError, type DomainErrorCode } from "@/lib/members/errors";
import { SsoError } from "@/lib/saml/errors";
import { StandingChangedError } from "@/lib/audit/standing";

// The one place a thrown error becomes what a person reads in a form: every action wrapper and
// the SSO pages' commands come here. Domain and SSO errors carry messages written for people
// (an SsoError's internals stay in its detail), some refined here for the UI; anything unexpected
// is logged and reported without internals. Every write is one transaction, so "nothing changed"
// is true.
const BY_CODE: Record<DomainErrorCode, (e: DomainError) => string> = {
  not_found: (e) => `${e.message}: it may have just been removed. Reload the page to see the current list.`,
  duplicate: () => "That person is already a member of this team.",
  last_owner: (e) => e.message,
  invalid: (e) => e.message,
  scim_managed: (e) => e.message,
  forbidden: (e) => e.message,
  conflict: () => "Someone else changed this at the same moment. Reload the page and try again.",
  // A SCIM token's write only (lib/members/lock-team.ts); listed so no code goes unanswered.
  unauthorized: (e) => e.message,
};

export function actionErrorMessage(e: unknown): string {
  if (e instanceof DomainError) return BY_CODE[e.code]?.(e) ?? e.message;
  if (e instanceof SsoError) return e.message;
  if (e instanceof StandingChangedError) return e.message;
  if (isTransactionConflict(e)) return BY_CODE.conflict(e as DomainError);
  console.error("Unexpected error in a team action", e);
  return "Something went wrong and nothing was changed. Please try again.";
}
