import { DomainError } from "../members/errors";

// Team-level refusals, as DomainErrors so the one action mapper shows their message as written.
export class TeamInputError extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

export class SlugTakenError extends DomainError {
  constructor(slug: string) {
    super("invalid", `The URL name “${slug}” is already taken. Choose another.`);
  }
}

export class TeamCreationForbiddenError extends DomainError {
  constructor() {
    super("forbidden", "On this server only the operator can create teams (GATEHOUSE_TEAM_CREATION=operators).");
  }
}
