/** A group's displayName as compared for uniqueness and SAML group matching: case-insensitively (RFC 7643 §4.2). */
export const normalizeGroupName = (displayName: string) => displayName.toLowerCase();
