import { TeamCreationForbiddenError } from "./errors";

// GATEHOUSE_TEAM_CREATION: "anyone" lets every signed-in person create teams; "operators"
// keeps it to the operator (the team CLI and the first-run page of an empty server).
export type TeamCreationPolicy = "anyone" | "operators";

export function mayCreateTeams(policy: TeamCreationPolicy, who: "person" | "operator"): boolean {
  return who === "operator" || policy === "anyone";
}

export function assertMayCreateTeams(policy: TeamCreationPolicy, who: "person" | "operator"): void {
  if (!mayCreateTeams(policy, who)) throw new TeamCreationForbiddenError();
}
