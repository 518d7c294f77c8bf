// The PATCH request body (RFC 7644 §3.5.2): {"schemas": [PatchOp], "Operations": [...]}.
import { sameName } from "./attr-path";
import { PATCH_OP_SCHEMA } from "./constants";
import { ScimError } from "./errors";
import { invalidPath } from "./patch-path";
import { getAttr, isPlainObject } from "./resource-schemas";

export type OpName = "add" | "replace" | "remove";
export type Operation = { op: OpName; path?: string; value: unknown };

const invalidSyntax = (detail: string): never => {
  throw new ScimError(400, "invalidSyntax", detail);
};

/**
 * Validates the envelope and each operation's shape. Throws ScimError 400 invalidSyntax (bad
 * envelope, unknown op, add/replace without a value) or invalidPath (a path that is not a string).
 */
export function readOperations(body: unknown): Operation[] {
  if (!isPlainObject(body)) return invalidSyntax("The PATCH body must be a JSON object");
  const schemas = getAttr(body, "schemas");
  // Lenient when absent (some clients omit it), strict when it names something else.
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.some((s) => typeof s === "string" && sameName(s, PATCH_OP_SCHEMA)))) {
    invalidSyntax(`schemas must contain "${PATCH_OP_SCHEMA}"`);
  }
  const operations = getAttr(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) return invalidSyntax('"Operations" must be a non-empty array');
  return operations.map((raw, index) => {
    if (!isPlainObject(raw)) return invalidSyntax(`Operations[${index}] must be an object`);
    const op = getAttr(raw, "op");
    // Entra sends "Add"/"Replace"/"Remove"; RFC 7644 §3.5.2 defines them lower-case.
    const name = typeof op === "string" ? op.trim().toLowerCase() : undefined;
    if (name !== "add" && name !== "replace" && name !== "remove") {
      return invalidSyntax(`Operations[${index}]: unknown op ${JSON.stringify(op)}; use add, replace or remove`);
    }
    const path = getAttr(raw, "path");
    if (path !== undefined && path !== null && typeof path !== "string") return invalidPath(`Operations[${index}]: path must be a string`);
    const value = getAttr(raw, "value");
    if (name !== "remove" && value === undefined) return invalidSyntax(`Operations[${index}]: "${name}" needs a value`);
    return { op: name, ...(typeof path === "string" && path.trim() !== "" && { path }), value };
  });
}
