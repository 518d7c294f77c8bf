import { DomainError } from "../members/errors";
import type { PasswordTokenState } from "./tokens";

export class PasswordResetInputError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

const UNUSABLE: Record<Exclude<PasswordTokenState, "valid">, string> = {
  expired: "This link has expired. Ask for a new one from the sign-in page (Forgot password?) or from your team's admin.",
  used: "This link has already been used. Ask for a new one if you still need to set a password.",
  not_found: "This link is not valid. Check that you copied all of it.",
  withdrawn: "This link no longer works: whoever made it can no longer set this account's password. Ask your team's admin for a new one, or use “Forgot password?” on the sign-in page.",
};

export class PasswordTokenUnusableError extends DomainError {
  constructor(readonly state: Exclude<PasswordTokenState, "valid">) {
    super("invalid", UNUSABLE[state]);
  }
}

/** Admin reset links are refused where a password would not be the way in, or would reach further than the admin does. */
export class ResetRefusedError extends DomainError {
  constructor(message: string) {
    super("forbidden", message);
  }
}
