// Who performed a change. Every domain write names one, and the audit log shows its label.
export type Actor =
  | { type: "user"; userId: string; label: string }
  /** mayManageOwners: the token's creator could grant the Owner role (lib/members/owner-authority.ts). */
  | { type: "scim"; tokenId: string; label: string; mayManageOwners: boolean }
  | { type: "saml"; label: string }
  | { type: "system"; label: string };

export const systemActor = (label: string): Actor => ({ type: "system", label });
