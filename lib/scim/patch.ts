// Applies a SCIM PATCH request (RFC 7644 §3.5.2) to a resource's JSON and returns the new JSON.
// The caller maps the result back (fromScimUser/fromScimGroup) and writes it in one transaction.
//
// Hand-written rather than scim-patch 0.8.3, which was tested against the IdP quirks below and:
// replaced all of `name` on a path-less `{name: {givenName}}` (RFC 7644 §3.5.2.3: sub-attributes
// not given are left unchanged); turned `{"urn:…:gatehouse:2.0:User": {role}}` into a bogus
// `"urn:…:gatehouse:2"` key by splitting the URN on its dots; stored Entra's `"False"` as a
// string; silently added unknown attributes (`bogus`) and case variants (`UserName` beside
// `userName`); and throws untyped errors with no status/scimType.
//
// All or nothing: operations run on a copy, and the first failing one throws.
import { findKey, formatAttrPath, sameName } from "./attr-path";
import { ScimError } from "./errors";
import { applyKeyedRun, applyMultiValued, keyedChange, type KeyedChange } from "./patch-multi-valued";
import { invalidPath, parsePatchPath, type PatchPath } from "./patch-path";
import { readOperations, type OpName, type Operation } from "./patch-request";
import { adoptCanonicalKey, coerce, invalidValue, mergeComplex } from "./patch-values";
import {
  findAttribute,
  findSchema,
  isPlainObject,
  type AttributeDef,
  type ResourceSchema,
  type ScimResource,
  type SchemaDef,
} from "./resource-schemas";

/**
 * The attributes a PATCH's `add` and `replace` operations gave a value, as `<schema urn>:<attribute>`
 * in their canonical spelling, whether or not the value changed: an IdP that states the value a
 * resource already has has still stated it (the role a PATCH states is the IdP's decision even
 * when the member already had it). Removals and nulls are not listed: what they change shows in
 * the resource, and removing what is not there states nothing.
 */
export type WrittenAttributes = Set<string>;

/** The key of attribute `attr` of schema `schemaId` in WrittenAttributes. */
export const writtenKey = (schemaId: string, attr: string): string => `${schemaId}:${attr}`;

/**
 * How many values of multi-valued attributes a PATCH's operations may walk through, all told,
 * besides the runs of whole-value adds and removals applied in one pass (see applyKeyedRun).
 */
export const MAX_PATCH_WORK = 2_000_000;

/**
 * `resource` is the current JSON (e.g. toScimUser(member)); `body` the parsed request body.
 * `written`, when given, collects what the operations wrote (WrittenAttributes).
 * Throws ScimError: 400 invalidSyntax (malformed request or op), invalidPath (bad or unknown
 * path), noTarget (remove without path; filter matching nothing), invalidValue, mutability.
 */
export function applyPatch(resource: ScimResource, body: unknown, schema: ResourceSchema, written?: WrittenAttributes): ScimResource {
  const operations = readOperations(body);
  const doc = structuredClone(resource);
  const seen: WrittenAttributes = new Set();
  let work = 0;
  for (let index = 0; index < operations.length; ) {
    // Okta's and Entra's member changes, many to a PATCH: one pass over the list for the run.
    const run = keyedRunAt(operations, index, schema);
    if (run) {
      const first = index;
      adoptCanonicalKey(doc, run.def.name);
      applyKeyedRun(doc, run.def, run.changes, (i, e) => atOperation(first + i, operations[first + i]!, e));
      if (run.changes.some((c) => c.op === "add")) seen.add(writtenKey(schema.core.id, run.def.name));
      index += run.changes.length;
      continue;
    }
    // Anything else may walk every value of a list: bounded all told, before it is done.
    work += listValues(doc);
    if (work > MAX_PATCH_WORK) {
      throw new ScimError(413, undefined, `The operations would go through the resource's values more than ${MAX_PATCH_WORK} times; split them into smaller PATCH requests`);
    }
    const operation = operations[index]!;
    try {
      applyOperation(doc, operation, schema, seen);
    } catch (e) {
      if (e instanceof ScimError) throw atOperation(index, operation, e);
      throw e;
    }
    index++;
  }
  // Only once every operation applied: a failing PATCH writes nothing.
  for (const key of seen) written?.add(key);
  return doc;
}

const atOperation = (index: number, operation: Operation, e: ScimError) =>
  new ScimError(e.status, e.scimType, `Operations[${index}] (${operation.op}): ${e.detail}`);

/** Values of the resource's multi-valued attributes (the core schema's, and its extensions'). */
function listValues(doc: ScimResource): number {
  let n = 1;
  for (const v of Object.values(doc)) {
    if (Array.isArray(v)) n += v.length;
    else if (isPlainObject(v)) for (const w of Object.values(v)) if (Array.isArray(w)) n += w.length;
  }
  return n;
}

/**
 * Two or more operations in a row, from `index`, that each add or remove whole values of the same
 * core multi-valued attribute by their `value` (keyedChange); null when there are fewer. A lone
 * operation takes the general path, so a run always ends as its operations one by one would.
 */
function keyedRunAt(operations: Operation[], index: number, schema: ResourceSchema): { def: AttributeDef; changes: KeyedChange[] } | null {
  const first = keyedOperation(operations[index]!, schema);
  if (!first) return null;
  const changes = [first.change];
  for (let i = index + 1; i < operations.length; i++) {
    const next = keyedOperation(operations[i]!, schema);
    if (!next || next.def !== first.def) break;
    changes.push(next.change);
  }
  return changes.length > 1 ? { def: first.def, changes } : null;
}

function keyedOperation(operation: Operation, schema: ResourceSchema): { def: AttributeDef; change: KeyedChange } | null {
  if (operation.path === undefined) return null;
  let path: PatchPath;
  try {
    path = parsePatchPath(operation.path, schema);
  } catch {
    return null; // the general path reports it
  }
  if (path.attr === undefined || path.subAttr !== undefined) return null;
  if (path.schema !== undefined && findSchema(schema, path.schema) !== schema.core) return null;
  const def = findAttribute(schema.core.attributes, path.attr);
  if (!def || !def.multiValued || def.ignored || def.mutability === "readOnly") return null;
  const change = keyedChange(def, operation.op, path.filter, operation.value);
  return change ? { def, change } : null;
}

type Context = { schema: ResourceSchema; pathless: boolean; written: WrittenAttributes };

function applyOperation(doc: ScimResource, operation: Operation, schema: ResourceSchema, written: WrittenAttributes): void {
  if (operation.path !== undefined) {
    applyAtPath(doc, operation.op, parsePatchPath(operation.path, schema), operation.value, { schema, pathless: false, written });
    return;
  }
  // RFC 7644 §3.5.2.2: remove without a path is noTarget.
  if (operation.op === "remove") throw new ScimError(400, "noTarget", '"remove" needs a path');
  if (!isPlainObject(operation.value)) return invalidValue(`"${operation.op}" without a path takes an object of attributes`);
  // Path-less: each key is a path of its own: "active", "name.givenName", "<urn>:role", "<urn>": {…}.
  for (const [key, value] of Object.entries(operation.value)) {
    // Clients echo these from a GET; they are not writable and carry no change.
    if (sameName(key, "schemas") || sameName(key, "meta")) continue;
    applyAtPath(doc, operation.op, parsePatchPath(key, schema), value, { schema, pathless: true, written });
  }
}

function applyAtPath(doc: ScimResource, op: OpName, path: PatchPath, value: unknown, ctx: Context): void {
  const schemaDef = resolveSchema(ctx.schema, path);
  if (path.attr === undefined) return applyToExtension(doc, op, schemaDef, value, ctx);

  const def = findAttribute(schemaDef.attributes, path.attr);
  if (!def) return invalidPath(`"${formatPath(path)}" is not an attribute of ${ctx.schema.resourceType}`);
  const subDef = path.subAttr === undefined ? undefined : findAttribute(def.subAttributes, path.subAttr);
  if (path.subAttr !== undefined && !subDef && !def.ignored) {
    return invalidPath(`"${formatPath(path)}" is not an attribute of ${ctx.schema.resourceType}`);
  }
  if (path.filter && !def.multiValued && !def.ignored) return invalidPath(`"${def.name}" is not multi-valued, so it takes no filter`);
  // Accepted and dropped: see AttributeDef.ignored.
  if (def.ignored || subDef?.ignored) return;
  if (def.mutability === "readOnly" || subDef?.mutability === "readOnly") {
    // Okta's path-less replace repeats the id; an unchanged id is no change.
    if (ctx.pathless && def.name === "id" && value === doc.id) return;
    throw new ScimError(400, "mutability", `"${formatPath(path)}" is read-only`);
  }

  // RFC 7644 §3.5.2.2: an attribute that cannot be unassigned refuses removal with mutability.
  if (def.notRemovable && subDef === undefined && !path.filter && (op === "remove" || value === null)) {
    throw new ScimError(400, "mutability", `"${formatPath(path)}" cannot be removed: ${def.notRemovable}`);
  }

  if (op !== "remove" && value !== null) ctx.written.add(writtenKey(schemaDef.id, def.name));
  const holder = holderFor(doc, schemaDef, ctx.schema, op);
  if (!holder) return; // removing from an extension that is not there
  adoptCanonicalKey(holder, def.name);
  if (def.multiValued) applyMultiValued(holder, def, subDef, path.filter, formatPath(path), op, value);
  else applySingleValued(holder, def, subDef, op, value);
}

function resolveSchema(resource: ResourceSchema, path: PatchPath): SchemaDef {
  const found = findSchema(resource, path.schema);
  if (found === null) return invalidPath(`"${formatPath(path)}" names a schema ${resource.resourceType} does not have`);
  return found ?? resource.core;
}

/** `path: "<extension urn>"` or a path-less `{"<extension urn>": {...}}`: each key is an attribute of it. */
function applyToExtension(doc: ScimResource, op: OpName, ext: SchemaDef, value: unknown, ctx: Context): void {
  // null is "unassigned" (RFC 7643 §2.5), as for any attribute here and for a PUT naming the
  // extension null: the extension goes, as with `remove`.
  if (op === "remove" || value === null) {
    const key = findKey(doc, ext.id);
    if (key !== undefined) delete doc[key];
    return;
  }
  if (!isPlainObject(value)) return invalidValue(`"${ext.id}" takes an object of its attributes`);
  for (const [key, sub] of Object.entries(value)) {
    const [attr, subAttr] = key.split(".", 2);
    applyAtPath(doc, op, { schema: ext.id, attr: attr!, ...(subAttr && { subAttr }) }, sub, ctx);
  }
}

/** The object an attribute lives in: the resource itself, or its extension object (created on write). */
function holderFor(doc: ScimResource, schemaDef: SchemaDef, resource: ResourceSchema, op: OpName): ScimResource | undefined {
  if (schemaDef === resource.core) return doc;
  const key = findKey(doc, schemaDef.id);
  const existing = key === undefined ? undefined : doc[key];
  if (isPlainObject(existing)) {
    if (key !== schemaDef.id) {
      delete doc[key!];
      doc[schemaDef.id] = existing;
    }
    return existing;
  }
  if (op === "remove") return undefined;
  const created: ScimResource = {};
  doc[schemaDef.id] = created;
  // RFC 7643 §3: schemas lists the extensions a resource carries.
  if (Array.isArray(doc.schemas) && !doc.schemas.some((s) => typeof s === "string" && sameName(s, schemaDef.id))) {
    doc.schemas = [...doc.schemas, schemaDef.id];
  }
  return created;
}

function applySingleValued(holder: ScimResource, def: AttributeDef, subDef: AttributeDef | undefined, op: OpName, value: unknown): void {
  if (subDef) {
    // name.givenName
    const current = holder[def.name];
    if (op === "remove" || value === null) {
      if (isPlainObject(current)) {
        const key = findKey(current, subDef.name);
        if (key !== undefined) delete current[key];
        if (Object.keys(current).length === 0) delete holder[def.name];
      }
      return;
    }
    const target = isPlainObject(current) ? current : (holder[def.name] = {} as ScimResource);
    adoptCanonicalKey(target, subDef.name);
    target[subDef.name] = coerce(subDef, value, `${def.name}.${subDef.name}`);
    return;
  }
  // null is "unassigned" (RFC 7643 §2.5): the same as removing the value.
  if (op === "remove" || value === null) {
    delete holder[def.name];
    return;
  }
  if (def.type === "complex") {
    // Entra sets the enterprise manager as a bare id string: read it as its `value`.
    // Entra's older form wraps it in a one-element list; an empty list or string unassigns it.
    const single = Array.isArray(value) && value.length <= 1 ? value[0] : value;
    if (single === undefined || single === "") {
      delete holder[def.name];
      return;
    }
    const given = typeof single === "string" && findAttribute(def.subAttributes, "value") ? { value: single } : single;
    // §3.5.2.1/§3.5.2.3: the given sub-attributes are set; those not given stay as they were.
    const current = holder[def.name];
    holder[def.name] = mergeComplex(def, isPlainObject(current) ? current : {}, given, def.name);
    return;
  }
  holder[def.name] = coerce(def, value, def.name);
}

function formatPath(path: PatchPath): string {
  const base = formatAttrPath({ ...(path.schema && { schema: path.schema }), attr: path.attr ?? "" });
  return `${base}${path.filter ? "[…]" : ""}${path.subAttr ? `.${path.subAttr}` : ""}`;
}
