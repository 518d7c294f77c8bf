// The audit vocabulary: one place lists every event the product writes.
export const AUDIT_ACTIONS = [
  "member.added",
  "member.profile_updated",
  "member.role_changed",
  "member.deactivated",
  "member.reactivated",
  "member.removed",
  "member.linked_to_scim",
  "member.login",
  "member.login_refused",
  "group.created",
  "group.updated",
  "group.deleted",
  "group.members_changed",
  "scim_token.created",
  "scim_token.revoked",
  "scim_token.rotated",
  "saml.connection_changed",
  "team.created",
  "invitation.created",
  "invitation.resent",
  "invitation.revoked",
  "invitation.accepted",
  "invitation.merged_into_scim",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
