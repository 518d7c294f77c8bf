/**
 * A group's displayName as compared for uniqueness and SAML group matching: case-insensitively
 * (RFC 7643 §4.2), and canonically equivalent text as one ("Café" composed or decomposed is one
 * group), as identity keys are (members/normalize.ts; migration nfc_group_names).
 */
export const normalizeGroupName = (displayName: string) => displayName.toLowerCase().normalize("NFC");
