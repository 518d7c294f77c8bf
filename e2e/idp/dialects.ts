// How real IdPs name the attributes the test IdP sends, so tests can sign in as SimpleSAMLphp
// (LDAP names, or urn:oid names, with a persistent-hash NameID), Entra ID, ADFS, Google, … would.
import crypto from "node:crypto";

export type IdpDialect = "gatehouse" | "okta" | "entra" | "adfs" | "google" | "ldap" | "urn_oid" | "eduperson";

type Names = { email: string; first: string; last: string; display: string; groups: string; role: string };

const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";

export const IDP_DIALECTS: Record<IdpDialect, Names> = {
  gatehouse: { email: "email", first: "firstName", last: "lastName", display: "displayName", groups: "groups", role: "role" },
  okta: { email: "user.email", first: "user.firstName", last: "user.lastName", display: "user.displayName", groups: "groups", role: "role" },
  entra: {
    email: `${CLAIMS}/emailaddress`,
    first: `${CLAIMS}/givenname`,
    last: `${CLAIMS}/surname`,
    display: "http://schemas.microsoft.com/identity/claims/displayname",
    groups: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
    role: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
  },
  adfs: {
    email: "http://schemas.xmlsoap.org/claims/EmailAddress",
    first: "http://schemas.xmlsoap.org/claims/FirstName",
    last: "http://schemas.xmlsoap.org/claims/LastName",
    display: "http://schemas.xmlsoap.org/claims/CommonName",
    groups: "http://schemas.xmlsoap.org/claims/Group",
    role: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
  },
  google: { email: "Primary email", first: "First name", last: "Last name", display: "display_name", groups: "Groups", role: "role" },
  ldap: { email: "mail", first: "givenName", last: "sn", display: "displayName", groups: "memberOf", role: "role" },
  urn_oid: {
    email: "urn:oid:0.9.2342.19200300.100.1.3",
    first: "urn:oid:2.5.4.42",
    last: "urn:oid:2.5.4.4",
    display: "urn:oid:2.16.840.1.113730.3.1.241",
    groups: "urn:oid:1.3.6.1.4.1.5923.1.5.1.1",
    role: "role",
  },
  eduperson: {
    email: "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
    first: "urn:oid:2.5.4.42",
    last: "urn:oid:2.5.4.4",
    display: "urn:oid:2.16.840.1.113730.3.1.241",
    groups: "urn:oid:1.3.6.1.4.1.5923.1.1.1.7",
    role: "role",
  },
};

export const isIdpDialect = (v: string): v is IdpDialect => v in IDP_DIALECTS;

/** SimpleSAMLphp's default subject: a persistent, opaque hash (sent in emailAddress format). */
export const persistentNameId = (email: string) => `_${crypto.createHash("sha1").update(`gatehouse-e2e:${email}`).digest("hex")}`;

/** The attributes of one login in `dialect`. */
export function dialectAttributes(
  dialect: IdpDialect,
  v: { email: string; first?: string; last?: string; display?: string; groups?: string[]; role?: string },
): { emailAttribute: string; attributes: Record<string, string | string[]> } {
  const n = IDP_DIALECTS[dialect];
  const attributes: Record<string, string | string[]> = {};
  if (v.first) attributes[n.first] = v.first;
  if (v.last) attributes[n.last] = v.last;
  if (v.display) attributes[n.display] = v.display;
  if (v.groups?.length) attributes[n.groups] = v.groups;
  if (v.role) attributes[n.role] = v.role;
  return { emailAttribute: n.email, attributes };
}
