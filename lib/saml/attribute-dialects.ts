// The attribute names identity providers use for the same facts, out of the box. An IdP sends
// "mail" (LDAP, SimpleSAMLphp), "urn:oid:0.9.2342.19200300.100.1.3" (SAML2 URI name format,
// Shibboleth, SimpleSAMLphp's saml20 profile), a Microsoft claim URI (Entra ID, ADFS) or a
// friendly name its admin typed (Okta, Google Workspace); all of them mean "email". Pure data:
// attribute-mapping.ts reads it, attribute-dialects.test.ts checks every dialect.
import type { ProfileTextField } from "../members/profile";

/** What Gatehouse can take from an assertion: the sign-in email, role, groups and the team's profile fields. */
export type MappingTarget = "email" | "role" | "groups" | Exclude<ProfileTextField, "nameFormatted" | "managerRef">;

/** Targets in the order the mapping editor lists them. */
export const MAPPING_TARGETS = [
  "email",
  "givenName",
  "familyName",
  "displayName",
  "role",
  "groups",
  "middleName",
  "honorificPrefix",
  "honorificSuffix",
  "nickName",
  "title",
  "department",
  "division",
  "organization",
  "costCenter",
  "employeeNumber",
  "managerValue",
  "managerDisplayName",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "profileUrl",
] as const satisfies readonly MappingTarget[];

export const MAPPING_TARGET_LABELS: Record<MappingTarget, string> = {
  email: "Email",
  givenName: "Given name",
  familyName: "Family name",
  displayName: "Display name",
  role: "Role",
  groups: "Groups",
  middleName: "Middle name",
  honorificPrefix: "Honorific prefix",
  honorificSuffix: "Honorific suffix",
  nickName: "Nickname",
  title: "Job title",
  department: "Department",
  division: "Division",
  organization: "Organization",
  costCenter: "Cost center",
  employeeNumber: "Employee number",
  managerValue: "Manager (id)",
  managerDisplayName: "Manager (name)",
  userType: "User type",
  preferredLanguage: "Preferred language",
  locale: "Locale",
  timezone: "Time zone",
  profileUrl: "Profile URL",
};

export type DialectId = "gatehouse" | "okta" | "entra" | "adfs" | "google" | "ldap" | "urn_oid" | "eduperson";

export type Dialect = { id: DialectId; label: string; names: Partial<Record<MappingTarget, readonly string[]>> };

const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
const MS_CLAIMS = "http://schemas.microsoft.com/ws/2008/06/identity/claims";
const MS_IDENTITY = "http://schemas.microsoft.com/identity/claims";

/** Earlier dialects win when an assertion carries several names for one fact. */
export const DIALECTS: readonly Dialect[] = [
  {
    id: "gatehouse",
    label: "Gatehouse's own names (the SSO page suggests them)",
    names: {
      email: ["email"],
      givenName: ["firstName"],
      familyName: ["lastName"],
      displayName: ["displayName"],
      role: ["role", "roles", "gatehouseRole"],
      groups: ["groups"],
      title: ["title"],
      department: ["department"],
    },
  },
  {
    // Okta's attribute statements are named by the admin; these are its documented defaults
    // and the names of its user profile (user.firstName → "firstName", …).
    id: "okta",
    label: "Okta",
    names: {
      email: ["user.email", "Email"],
      givenName: ["user.firstName", "FirstName", "given_name"],
      familyName: ["user.lastName", "LastName", "family_name"],
      displayName: ["user.displayName", "name"],
      middleName: ["middleName"],
      honorificPrefix: ["honorificPrefix"],
      honorificSuffix: ["honorificSuffix"],
      nickName: ["nickName"],
      title: ["user.title"],
      department: ["user.department"],
      division: ["division"],
      organization: ["organization"],
      costCenter: ["costCenter"],
      employeeNumber: ["employeeNumber"],
      managerValue: ["managerId"],
      managerDisplayName: ["manager"],
      userType: ["userType"],
      preferredLanguage: ["preferredLanguage"],
      locale: ["locale"],
      timezone: ["timezone"],
      profileUrl: ["profileUrl"],
    },
  },
  {
    id: "entra",
    label: "Microsoft Entra ID (claim URIs)",
    names: {
      email: [`${CLAIMS}/emailaddress`, `${CLAIMS}/upn`, `${CLAIMS}/name`],
      givenName: [`${CLAIMS}/givenname`],
      familyName: [`${CLAIMS}/surname`],
      displayName: [`${MS_IDENTITY}/displayname`],
      role: [`${MS_CLAIMS}/role`],
      groups: [`${MS_IDENTITY}/groups`, `${MS_CLAIMS}/groups`],
      title: [`${CLAIMS}/title`, "jobtitle"],
      department: [`${CLAIMS}/department`, `${MS_IDENTITY}/department`],
      employeeNumber: [`${MS_IDENTITY}/employeeid`, "employeeid"],
    },
  },
  {
    id: "adfs",
    label: "ADFS (AD FS claim types)",
    names: {
      email: ["http://schemas.xmlsoap.org/claims/EmailAddress"],
      givenName: ["http://schemas.xmlsoap.org/claims/FirstName"],
      familyName: ["http://schemas.xmlsoap.org/claims/LastName"],
      displayName: ["http://schemas.xmlsoap.org/claims/CommonName"],
      groups: ["http://schemas.xmlsoap.org/claims/Group"],
    },
  },
  {
    // Google Workspace's custom SAML apps send what the admin names under "Attribute mapping";
    // these are the names its help pages and most vendors' setup guides use.
    id: "google",
    label: "Google Workspace",
    names: {
      email: ["Primary email", "primaryEmail", "emailAddress"],
      givenName: ["First name", "first_name"],
      familyName: ["Last name", "last_name"],
      displayName: ["display_name"],
      groups: ["Groups", "google_groups"],
      title: ["Job title", "jobTitle"],
      department: ["Department"],
      costCenter: ["Cost center"],
      employeeNumber: ["Employee ID", "employeeId"],
      managerValue: ["Manager's email"],
    },
  },
  {
    // LDAP / inetOrgPerson attribute names, as SimpleSAMLphp and Shibboleth send them by default.
    id: "ldap",
    label: "LDAP names (SimpleSAMLphp, Shibboleth, OpenLDAP, Active Directory)",
    names: {
      email: ["mail", "userPrincipalName"],
      givenName: ["givenName", "gn"],
      familyName: ["sn", "surname"],
      displayName: ["displayName", "cn", "commonName"],
      role: ["employeeType"],
      groups: ["memberOf", "isMemberOf"],
      title: ["jobTitle"],
      department: ["departmentNumber", "ou"],
      organization: ["o"],
      employeeNumber: ["employeeNumber", "employeeID"],
      managerValue: ["managerUid"],
      preferredLanguage: ["preferredLanguage"],
    },
  },
  {
    // The same attributes by OID (SAML2 "uri" NameFormat, the REFEDS/InCommon convention).
    id: "urn_oid",
    label: "urn:oid names (SAML2 URI name format)",
    names: {
      email: ["urn:oid:0.9.2342.19200300.100.1.3", "urn:oid:1.2.840.113549.1.9.1"],
      givenName: ["urn:oid:2.5.4.42"],
      familyName: ["urn:oid:2.5.4.4"],
      displayName: ["urn:oid:2.16.840.1.113730.3.1.241", "urn:oid:2.5.4.3"],
      role: ["urn:oid:2.16.840.1.113730.3.1.4"],
      groups: ["urn:oid:1.3.6.1.4.1.5923.1.5.1.1", "urn:oid:1.2.840.113556.1.2.102"],
      title: ["urn:oid:2.5.4.12"],
      department: ["urn:oid:2.16.840.1.113730.3.1.2", "urn:oid:2.5.4.11"],
      organization: ["urn:oid:2.5.4.10"],
      employeeNumber: ["urn:oid:2.16.840.1.113730.3.1.3"],
      preferredLanguage: ["urn:oid:2.16.840.1.113730.3.1.39"],
    },
  },
  {
    // eduPerson (research and education federations), by name and by OID.
    id: "eduperson",
    label: "eduPerson",
    names: {
      email: ["eduPersonPrincipalName", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"],
      nickName: ["eduPersonNickname", "urn:oid:1.3.6.1.4.1.5923.1.1.1.2"],
      groups: ["eduPersonEntitlement", "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"],
      userType: ["eduPersonPrimaryAffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.5"],
      organization: ["eduPersonOrgDN", "urn:oid:1.3.6.1.4.1.5923.1.1.1.3"],
    },
  },
];

/** Every name that means `target`, in precedence order. */
export function dialectNames(target: MappingTarget): string[] {
  return DIALECTS.flatMap((d) => d.names[target] ?? []);
}

/** The dialect an attribute name belongs to, for the preview's "recognised as …" note. */
export function dialectOf(attributeName: string): Dialect | null {
  const key = attributeName.toLowerCase();
  return DIALECTS.find((d) => Object.values(d.names).some((names) => names?.some((n) => n.toLowerCase() === key))) ?? null;
}
