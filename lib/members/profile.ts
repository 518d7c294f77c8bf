// The team's profile of a member: what an IdP (SCIM, SAML) or a team admin says about the person.
// It lives on the Membership, never on the shared User, so one team's writes cannot change what
// another team reads. The names follow RFC 7643 §4.1 (core User) and §4.3 (enterprise extension).

/** Single-valued profile attributes, one Membership column each. */
export const PROFILE_TEXT_FIELDS = [
  "displayName",
  "nameFormatted",
  "givenName",
  "familyName",
  "middleName",
  "honorificPrefix",
  "honorificSuffix",
  "nickName",
  "profileUrl",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "employeeNumber",
  "costCenter",
  "organization",
  "division",
  "department",
  "managerValue",
  "managerRef",
  "managerDisplayName",
] as const;

export type ProfileTextField = (typeof PROFILE_TEXT_FIELDS)[number];

/** Multi-valued profile attributes, kept as sent in Membership.profileLists. */
export const PROFILE_LIST_FIELDS = ["emails", "phoneNumbers", "addresses", "ims", "photos", "entitlements", "x509Certificates"] as const;

export type ProfileListField = (typeof PROFILE_LIST_FIELDS)[number];

/** One value of a multi-valued attribute: sub-attributes as sent (value, type, primary, display, …). */
export type ProfileListItem = Record<string, string | boolean>;

/** Unassigned lists are absent. */
export type ProfileLists = Partial<Record<ProfileListField, ProfileListItem[]>>;

export type MemberProfile = Record<ProfileTextField, string | null> & { profileLists: ProfileLists };

/** A change of the profile: absent keys stay as they are, null unassigns. */
export type ProfileChanges = Partial<Record<ProfileTextField, string | null>> & { profileLists?: ProfileLists };

export const EMPTY_PROFILE: MemberProfile = {
  ...(Object.fromEntries(PROFILE_TEXT_FIELDS.map((f) => [f, null])) as Record<ProfileTextField, null>),
  profileLists: {},
};

/** Reads the Json column back into its type; anything malformed counts as unassigned. */
export function readProfileLists(json: unknown): ProfileLists {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return {};
  const out: ProfileLists = {};
  for (const field of PROFILE_LIST_FIELDS) {
    const v = (json as Record<string, unknown>)[field];
    if (Array.isArray(v)) out[field] = v.filter((x): x is ProfileListItem => typeof x === "object" && x !== null && !Array.isArray(x));
  }
  return out;
}

/** The primary value of a list, else its first (RFC 7643 §2.4). */
export function primaryItem(items: ProfileListItem[] | undefined): ProfileListItem | undefined {
  const usable = (items ?? []).filter((i) => typeof i.value === "string" && i.value.trim() !== "");
  return usable.find((i) => i.primary === true) ?? usable[0];
}

/** Canonical JSON of a lists object, for telling whether anything changed. */
export const sameLists = (a: ProfileLists, b: ProfileLists): boolean => stableJson(a) === stableJson(b);

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The best name the team has for a member: displayName, the formatted name, the name parts. */
export function profileName(p: Pick<MemberProfile, "displayName" | "nameFormatted" | "givenName" | "familyName">): string | null {
  return p.displayName ?? p.nameFormatted ?? ([p.givenName, p.familyName].filter(Boolean).join(" ") || null);
}

/** What a group shows for a member (SCIM members[].display): the team's displayName, else the userName. */
export const groupMemberDisplay = (m: { displayName: string | null; userName: string }): string => m.displayName ?? m.userName;

/** The profile columns of a new membership: what the input leaves out is unassigned. */
export function newMembershipProfile(input: ProfileChanges & { email: string }): MemberProfile {
  const text = Object.fromEntries(PROFILE_TEXT_FIELDS.map((f) => [f, input[f] ?? null])) as Record<ProfileTextField, string | null>;
  // Without a list, the one email is the list (as the UI and SAML add people).
  return { ...text, profileLists: input.profileLists ?? { emails: [{ value: input.email, type: "work", primary: true }] } };
}
