import { z } from "zod";

// What a form's text field may hold: anything a person can type, but not a NUL (PostgreSQL cannot
// store one and refuses the whole statement) nor half of a surrogate pair (no character at all;
// only a hand-made request sends one). Refused with a field message before anything is written.
const UNSTORABLE_SOURCE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.source;
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const EVERY_UNSTORABLE = new RegExp(UNSTORABLE_SOURCE, "g");

export const UNSTORABLE_TEXT = "Remove the invalid characters (such as a NUL byte) from this field.";

export const hasUnstorableText = (value: string): boolean => UNSTORABLE.test(value);

/**
 * For text nobody can be asked to correct (what an IdP says about a person): each unstorable
 * character becomes U+FFFD, the replacement character, rather than nothing, so no two different
 * values become one.
 */
export const storableText = (value: string): string => value.replace(EVERY_UNSTORABLE, "\uFFFD");

/** z.string() for text people type; chain .trim(), .min(), .max() as usual. */
export const plainText = () => z.string().refine((v) => !hasUnstorableText(v), { message: UNSTORABLE_TEXT, abort: true });
