// Who performed a change. Every domain write names one, and the audit log shows its label.
export type Actor =
  /**
   * mayManageOwners: the person is an owner of the team they act in (lib/members/owner-authority.ts).
   * teamOnly: their session reaches this team only (an SSO connection an admin set up opened it), so
   * their standing in other teams vouches for nothing here.
   */
  | { type: "user"; userId: string; label: string; mayManageOwners: boolean; teamOnly?: boolean }
  /** mayManageOwners: the token's creator could grant the Owner role. */
  | { type: "scim"; tokenId: string; label: string; mayManageOwners: boolean }
  /**
   * A SAML or OIDC login. mayManageOwners false: its role and group sync, which never grants or
   * takes away Owner (lib/saml/sync-role-groups.ts); the domain layer then refuses, under the
   * team's lock, a change that would.
   */
  | { type: "saml"; label: string; mayManageOwners?: false }
  /**
   * The holder of an SSO setup link (no account); never manages owners. forOwners: the owner who
   * made the link still is one, so the IdP it sets up may sign in owners (lib/saml/connections.ts).
   */
  | { type: "setup_link"; linkId: string; label: string; mayManageOwners: false; forOwners: boolean }
  | { type: "system"; label: string };

export const systemActor = (label: string): Actor => ({ type: "system", label });
