import { DomainError } from "../members/errors";

/** withdrawn: its inviter can no longer make it (inviter-authority.ts). */
export type InvitationState = "pending" | "expired" | "revoked" | "withdrawn" | "accepted" | "not_found";

/** The link cannot be used any more (or never could); the accept page explains which. */
export class InvitationUnusableError extends DomainError {
  constructor(readonly state: Exclude<InvitationState, "pending">) {
    super("invalid", UNUSABLE[state]);
  }
}

const UNUSABLE: Record<Exclude<InvitationState, "pending">, string> = {
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
  revoked: "This invitation was withdrawn. Ask the team's admins if you still need access.",
  withdrawn: "This invitation no longer works: whoever sent it can no longer invite you to this team with this role. Ask the team's admins for a new one.",
  accepted: "This invitation has already been used.",
  not_found: "This invitation link is not valid. Check that you copied all of it.",
};

/** Signed in as someone else than the invited address. */
export class WrongAccountError extends DomainError {
  constructor(invited: string) {
    super("forbidden", `This invitation is for ${invited}. Sign out, then open the link again and sign in as ${invited}.`);
  }
}

/** The invited address already has an account: proving it is theirs means signing in, not setting a new password. */
export class AccountExistsError extends DomainError {
  constructor(invited: string) {
    super("invalid", `${invited} already has a Gatehouse account. Sign in as ${invited} to accept.`);
  }
}

export class InvitationInputError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}
