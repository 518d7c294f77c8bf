// What turning on Require SSO would do to a team's members, shown before the admin confirms.
// Pure; unit-tested in enforcement-preview.test.ts. The rule it previews is password sign-in's
// (lib/auth/verify-credentials.ts): refused for emails on the team's verified domains, except the
// team's active owners (their way back when the IdP is broken).
import { can } from "../auth/permissions";
import { emailDomain } from "./domains";

export type PreviewMember = {
  email: string;
  name: string | null;
  role: "OWNER" | "ADMIN" | "MEMBER";
  status: "ACTIVE" | "DEACTIVATED";
  /** The person has a password today (accounts created by SSO or SCIM have none). */
  hasPassword: boolean;
};

export type EnforcementPreview = {
  /** Would lose password sign-in: they must use SSO from now on. */
  losePassword: PreviewMember[];
  /** Owners on a verified domain: keep their password as the way back in. */
  ownersKeepPassword: PreviewMember[];
  /** On no verified domain: SSO cannot reach them, and Require SSO does not apply to them. */
  outsideDomains: PreviewMember[];
};

export function previewEnforcement(members: readonly PreviewMember[], verifiedDomains: readonly string[]): EnforcementPreview {
  const domains = new Set(verifiedDomains.map((d) => d.toLowerCase()));
  const out: EnforcementPreview = { losePassword: [], ownersKeepPassword: [], outsideDomains: [] };
  const byEmail = (a: PreviewMember, b: PreviewMember) => a.email.localeCompare(b.email);
  for (const m of members) {
    if (m.status !== "ACTIVE") continue;
    const domain = emailDomain(m.email);
    if (!domain || !domains.has(domain)) out.outsideDomains.push(m);
    else if (can(m.role, "sso.keep_password")) out.ownersKeepPassword.push(m);
    else if (m.hasPassword) out.losePassword.push(m);
  }
  out.losePassword.sort(byEmail);
  out.ownersKeepPassword.sort(byEmail);
  out.outsideDomains.sort(byEmail);
  return out;
}
