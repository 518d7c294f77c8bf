import type { AuditAction } from "./actions";

// The audit log as people read it: one sentence per event ("owner@acme.test changed
// sam@acme.test's role from Member to Admin") instead of `member.role_changed` and raw JSON.
// Pure: the page, the CSV export and the tests share it. The table below is typed over every
// action in lib/audit/actions.ts, so a new action without a sentence does not compile (and
// describe-event.test.ts fails for it too).

export type DescribableEvent = {
  action: string;
  actorType: string;
  actorLabel: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  details: unknown;
};

type Details = Record<string, unknown>;
type Describe = (who: string, target: string, d: Details) => string;

const ROLE: Record<string, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };
const STATUS: Record<string, string> = { ACTIVE: "active", DEACTIVATED: "deactivated" };
const SOURCE: Record<string, string> = { SCIM: "SCIM", SSO: "SSO", MANUAL: "by hand" };

const role = (v: unknown) => (typeof v === "string" ? (ROLE[v.toUpperCase()] ?? v) : "no role");
const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");
const count = (n: unknown, one: string, many = `${one}s`) => (typeof n === "number" ? `${n.toLocaleString("en")} ${n === 1 ? one : many}` : `some ${many}`);
const list = (v: unknown) => (Array.isArray(v) && v.length ? v.map(String).join(", ") : "");
const day = (v: unknown) => (typeof v === "string" && v ? ` (expires ${v.slice(0, 10)})` : "");
const possessive = (s: string) => (s.endsWith("s") ? `${s}’` : `${s}’s`);

/** Why a SAML sign-in was refused, in words; unknown codes are shown as they are. */
const REFUSAL: Record<string, string> = {
  no_email: "the response carried no usable email address",
  email_unverified: "the identity provider said the email address is not verified",
  domain_not_verified: "the email's domain is not verified by this team",
  deactivated: "the member is deactivated",
  not_assigned: "they are not a member and just-in-time provisioning is off",
  conflict: "the address belongs to another member",
  unknown_team: "the team does not exist",
  invalid_profile: "the response's attributes could not be read",
  unsigned: "the response was unsigned",
  wrapped: "the response was wrapped around another assertion (signature wrapping)",
};

const SAML_CHANGES: Record<string, (target: string, d: Details) => string> = {
  connection_created: (t) => `connected SAML single sign-on to ${t}`,
  connection_updated: (t) => `updated the SAML connection to ${t}`,
  identity_change_started: (t) => `began changing who signs in through ${t}: its sessions were ended and its test and owner approval withdrawn`,
  certificate_rolled_over: (t) => `took the certificates ${t}'s metadata URL now publishes`,
  connection_deleted: (t) => `removed the SAML connection to ${t}`,
  domain_added: (t) => `added the domain ${t}`,
  domain_removed: (t) => `removed the domain ${t}`,
  domain_verified: (t, d) => `verified the domain ${t}${d.method ? ` (${text(d.method)})` : ""}`,
  settings: (_t, d) => {
    const changed = Object.keys(d).filter((k) => k !== "change");
    return changed.length ? `changed the SSO settings (${changed.map((k) => settingChange(k, d[k])).join("; ")})` : "changed the SSO settings";
  },
};

function settingChange(key: string, v: unknown): string {
  const names: Record<string, string> = { defaultRole: "default role", ssoRequired: "SSO required", jitProvisioning: "just-in-time provisioning" };
  const name = names[key] ?? key;
  if (v && typeof v === "object" && "to" in v) {
    const { from, to } = v as { from: unknown; to: unknown };
    const show = (x: unknown) => (typeof x === "boolean" ? (x ? "on" : "off") : key === "defaultRole" ? role(x) : text(x));
    return `${name} from ${show(from)} to ${show(to)}`;
  }
  return name;
}

const SENTENCES: Record<AuditAction, Describe> = {
  "member.added": (who, t, d) => `${who} added ${t} as ${role(d.role)}${d.source ? ` (${SOURCE[text(d.source)] ?? text(d.source)})` : ""}${d.status === "DEACTIVATED" ? ", deactivated" : ""}`,
  "member.profile_updated": (who, t, d) => `${who} updated ${possessive(t)} profile${list(d.fields) ? ` (${list(d.fields)})` : ""}`,
  "member.role_changed": (who, t, d) => `${who} changed ${possessive(t)} role from ${role(d.from)} to ${role(d.to)}`,
  "member.deactivated": (who, t) => `${who} deactivated ${t}`,
  "member.reactivated": (who, t) => `${who} reactivated ${t}`,
  "member.removed": (who, t, d) => `${who} removed ${t} from the team${d.role ? ` (was ${role(d.role)})` : ""}`,
  "member.linked_to_scim": (who, t, d) => `${who} linked ${t} to the identity provider: SCIM now manages them${d.from ? ` (was ${SOURCE[text(d.from)] ?? text(d.from)})` : ""}`,
  "member.login": (_who, t, d) => `${t} signed in${d.method ? ` with ${d.method === "saml" ? "SAML single sign-on" : text(d.method)}` : ""}`,
  "member.login_refused": (_who, t, d) => {
    const person = t !== "someone" ? t : d.email ? text(d.email) : "someone";
    const reason = typeof d.reason === "string" ? (REFUSAL[d.reason] ?? d.reason.replaceAll("_", " ")) : "";
    const capped = typeof d.unauditedAfter === "number" ? `. ${d.unauditedAfter} refused responses this hour: further ones are not audited until the hour ends (each SSO connection's page lists its newest)` : "";
    return `A SAML sign-in by ${person} was refused${reason ? `: ${reason}` : ""}${capped}`;
  },
  "group.created": (who, t, d) => `${who} created the group ${t} with ${count(d.members, "member")}`,
  "group.updated": (who, t, d) => {
    const mapped = d.mappedRole as { from?: unknown; to?: unknown } | undefined;
    if (mapped && typeof mapped === "object") {
      if (!mapped.to) return `${who} stopped mapping the group ${t} to a role (was ${role(mapped.from)})`;
      return `${who} mapped the group ${t} to the ${role(mapped.to)} role${mapped.from ? ` (was ${role(mapped.from)})` : ""}`;
    }
    return `${who} updated the group ${t}${list(d.fields) ? ` (${list(d.fields)})` : ""}`;
  },
  "group.deleted": (who, t) => `${who} deleted the group ${t}`,
  "group.members_changed": (who, t, d) => `${who} changed the members of ${t}: ${count(d.added, "added", "added")}, ${count(d.removed, "removed", "removed")}`,
  "scim_token.created": (who, t, d) => `${who} generated the SCIM token ${t}${d.prefix ? ` (${text(d.prefix)}…)` : ""}${day(d.expiresAt)}`,
  "scim_token.revoked": (who, t) => `${who} revoked the SCIM token ${t}`,
  "saml.connection_changed": (who, t, d) => {
    const change = SAML_CHANGES[text(d.change)];
    return `${who} ${change ? change(t, d) : "changed the SAML settings"}`;
  },
  "team.created": (who, t, d) => `${who} created the team ${d.name ? `${text(d.name)} (${t})` : t}`,
  "invitation.created": (who, t, d) => `${who} invited ${t} as ${role(d.role)}${day(d.expiresAt)}`,
  "invitation.resent": (who, t, d) => `${who} sent ${t} a new invitation link${day(d.expiresAt)}`,
  "invitation.revoked": (who, t, d) => `${who} revoked the invitation for ${t}${d.reason === "member_removed" ? ", removing them from the team" : ""}`,
  "invitation.accepted": (_who, t, d) => `${t} accepted the invitation${d.role ? ` and joined as ${role(d.role)}` : ""}`,
  "invitation.merged_into_scim": (who, t) => `${who} provisioned ${t}, who was invited: the invitation is now their membership`,
  "member.password_reset_link_created": (who, t, d) => `${who} made a password reset link for ${t}${day(d.expiresAt)}`,
  "member.unproven_credentials_cleared": (who, t, d) =>
    `${who} added ${t}, whose address was never proved: ${[d.passwordCleared ? "the account's password was cleared" : "", typeof d.sessionsEnded === "number" && d.sessionsEnded > 0 ? `${count(d.sessionsEnded, "session")} ended` : ""].filter(Boolean).join(" and ") || "nothing was cleared"}, so they sign in with “Forgot password?” or SSO`,
  "member.ownership_transferred": (who, t, d) => `${who} handed the Owner role to ${t}${d.from ? ` (${text(d.from)} is now an Admin)` : ""}`,
  "team.renamed": (who, _t, d) => `${who} renamed the team from ${text(d.from)} to ${text(d.to)}`,
  "team.slug_changed": (who, _t, d) => `${who} changed the team's URL name from ${text(d.from)} to ${text(d.to)}`,
  "team.default_role_changed": (who, _t, d) => `${who} changed the team's default role from ${role(d.from)} to ${role(d.to)}`,
  "team.welcome_emails_changed": (who, _t, d) => `${who} ${d.to === true ? "turned on" : "turned off"} welcome emails for people the IdP creates`,
  "scim_token.rotated": (who, t, d) =>
    `${who} rotated the SCIM token ${t}${d.newPrefix ? `: the new one starts ${text(d.newPrefix)}…` : ""}${typeof d.oldTokenValidUntil === "string" && d.overlapHours ? `, the old one works until ${d.oldTokenValidUntil.slice(0, 16).replace("T", " ")} UTC` : ", the old one stopped working at once"}`,
  "sso_setup_link.created": (who, _t, d) => `${who} created an SSO setup link for the customer's IT admin${day(d.expiresAt)}`,
  "sso_setup_link.revoked": (who) => `${who} revoked an SSO setup link`,
  "sso_setup_link.used": (who) => `${who} opened the SSO setup link for the first time`,
};

/** Each action's name in the Action filter. */
export const ACTION_NAMES: Record<AuditAction, string> = {
  "member.added": "Member added",
  "member.profile_updated": "Profile updated",
  "member.role_changed": "Role changed",
  "member.deactivated": "Member deactivated",
  "member.reactivated": "Member reactivated",
  "member.removed": "Member removed",
  "member.linked_to_scim": "Member linked to SCIM",
  "member.login": "Signed in",
  "member.login_refused": "Sign-in refused",
  "group.created": "Group created",
  "group.updated": "Group updated or mapped",
  "group.deleted": "Group deleted",
  "group.members_changed": "Group members changed",
  "scim_token.created": "SCIM token generated",
  "scim_token.revoked": "SCIM token revoked",
  "saml.connection_changed": "SSO or domain changed",
  "team.created": "Team created",
  "invitation.created": "Invitation sent",
  "invitation.resent": "Invitation resent",
  "invitation.revoked": "Invitation revoked",
  "invitation.accepted": "Invitation accepted",
  "invitation.merged_into_scim": "Invitation provisioned by SCIM",
  "member.password_reset_link_created": "Password reset link made",
  "member.unproven_credentials_cleared": "Unproved password cleared",
  "member.ownership_transferred": "Ownership transferred",
  "team.renamed": "Team renamed",
  "team.slug_changed": "Team URL name changed",
  "team.default_role_changed": "Default role changed",
  "team.welcome_emails_changed": "Welcome emails turned on or off",
  "scim_token.rotated": "SCIM token rotated",
  "sso_setup_link.created": "SSO setup link created",
  "sso_setup_link.revoked": "SSO setup link revoked",
  "sso_setup_link.used": "SSO setup link used",
};

/** Who did it, as a reader names them: people by their email, tokens and SAML by their label. */
export function actorName(e: Pick<DescribableEvent, "actorType" | "actorLabel">): string {
  if (e.actorType === "system") return `Gatehouse (${e.actorLabel})`;
  return e.actorLabel;
}

export function targetName(e: Pick<DescribableEvent, "targetLabel" | "targetId">): string {
  return e.targetLabel ?? e.targetId ?? "someone";
}

export function isKnownAction(action: string): action is AuditAction {
  return Object.hasOwn(SENTENCES, action);
}

/** The event in one sentence, ending with a full stop. Unknown actions (older rows) still read. */
export function describeAuditEvent(e: DescribableEvent): string {
  const details = e.details && typeof e.details === "object" && !Array.isArray(e.details) ? (e.details as Details) : {};
  const who = actorName(e);
  const target = targetName(e);
  const sentence = isKnownAction(e.action) ? SENTENCES[e.action](who, target, details) : `${who}: ${e.action.replaceAll(/[._]/g, " ")}${e.targetLabel ? ` (${target})` : ""}`;
  // Not capitalised: most sentences start with an email address, which must read as it is.
  return sentence.endsWith(".") ? sentence : `${sentence}.`;
}
