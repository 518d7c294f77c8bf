import { z } from "zod";

// What a form's text field may hold: anything a person can type, but not a NUL (PostgreSQL cannot
// store one and refuses the whole statement) nor half of a surrogate pair (no character at all;
// only a hand-made request sends one). Refused with a field message before anything is written.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT = "Remove the invalid characters (such as a NUL byte) from this field.";

export const hasUnstorableText = (value: string): boolean => UNSTORABLE.test(value);

/** z.string() for text people type; chain .trim(), .min(), .max() as usual. */
export const plainText = () => z.string().refine((v) => !hasUnstorableText(v), { message: UNSTORABLE_TEXT, abort: true });
