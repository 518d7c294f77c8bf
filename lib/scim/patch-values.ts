// Values written by PATCH: type coercion per attribute definition and complex-value merging.
import { findKey } from "./attr-path";
import { ScimError } from "./errors";
import { parseLenientBoolean } from "./lenient-boolean";
import { NUMBER_LOST_DIGITS, numberAsText } from "./number-text";
import { findAttribute, isPlainObject, type AttributeDef, type ScimResource } from "./resource-schemas";

export const invalidValue = (detail: string): never => {
  throw new ScimError(400, "invalidValue", detail);
};

export function coerce(def: AttributeDef, value: unknown, where: string): unknown {
  if (def.type === "boolean") {
    const b = parseLenientBoolean(value);
    return b ?? invalidValue(`"${where}" must be true or false, got ${JSON.stringify(value)}`);
  }
  if (def.type === "complex") return value;
  if (typeof value === "string") return value;
  // Some IdPs send numeric identifiers unquoted (externalId: 12345).
  if (typeof value === "number") {
    const text = numberAsText(value);
    if (text !== null) return text;
    if (Number.isFinite(value)) return invalidValue(`"${where}" ${NUMBER_LOST_DIGITS}`);
  }
  return invalidValue(`"${where}" must be a string, got ${JSON.stringify(value)}`);
}

/** Sub-attributes given in `value` over `base`; unknown sub-attributes are kept (mappers ignore them). */
export function mergeComplex(def: AttributeDef, base: ScimResource, value: unknown, where: string): ScimResource {
  if (!isPlainObject(value)) return invalidValue(`"${where}" takes an object of sub-attributes`);
  const out = { ...base };
  for (const [key, sub] of Object.entries(value)) {
    const subDef = findAttribute(def.subAttributes, key);
    const name = subDef?.name ?? key;
    const existing = findKey(out, name);
    if (existing !== undefined) delete out[existing];
    if (sub === null) continue;
    out[name] = subDef && !subDef.ignored ? coerce(subDef, sub, `${where}.${name}`) : sub;
  }
  return out;
}

/** Sets (or with undefined, removes) one sub-attribute, returning a new element. */
export function setSub(el: ScimResource, subDef: AttributeDef, value: unknown, where: string): ScimResource {
  const next = { ...el };
  const key = findKey(next, subDef.name);
  if (key !== undefined) delete next[key];
  if (value !== undefined && value !== null) next[subDef.name] = coerce(subDef, value, where);
  return next;
}

/** Moves a case-variant key (`UserName`) to the canonical spelling so no duplicate appears. */
export function adoptCanonicalKey(holder: ScimResource, name: string): void {
  const key = findKey(holder, name);
  if (key !== undefined && key !== name) {
    holder[name] = holder[key];
    delete holder[key];
  }
}
