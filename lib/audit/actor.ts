import type { Role } from "../db/generated/enums";

// Who performed a change. Every domain write names one, and the audit log shows its label.
export type Actor =
  /**
   * mayManageOwners: the person is an owner of the team they act in (lib/members/owner-authority.ts).
   * teamOnly: their session reaches this team only (an SSO connection an admin set up opened it), so
   * their standing in other teams vouches for nothing here.
   */
  | {
      type: "user"; userId: string; label: string; mayManageOwners: boolean; teamOnly?: boolean;
      /** The team role the request's checks were made under: every write there holds it (standing.ts). */
      standing?: { teamId: string; role: Role };
    }
  /** mayManageOwners: the token's creator could grant the Owner role. */
  | { type: "scim"; tokenId: string; label: string; mayManageOwners: boolean }
  /**
   * A SAML or OIDC login. Never manages owners (lib/members/owner-authority.ts): what it may do
   * (add a member up to Admin, refresh a name, sync roles and groups) never grants or takes away
   * Owner, and the domain layer refuses, under the team's lock, any change that would, whatever
   * path a future login feature takes.
   */
  | { type: "saml"; label: string }
  /**
   * The holder of an SSO setup link (no account); never manages owners. forOwners: the owner who
   * made the link still is one, so the IdP it sets up may sign in owners (lib/saml/connections.ts).
   */
  | { type: "setup_link"; linkId: string; label: string; mayManageOwners: false; forOwners: boolean }
  | { type: "system"; label: string };

export const systemActor = (label: string): Actor => ({ type: "system", label });
