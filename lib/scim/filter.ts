// SCIM filter parser (RFC 7644 §3.4.2.2) producing a typed AST.
//
// Hand-written rather than scim2-parse-filter 0.2.10, which was tested against the cases below
// and got wrong: string escapes (`"a\\b"` came back as `a\\\\b`, `"\u00e9"` as a literal `\u00e9`);
// `emails[type eq "work"].value eq "x"` was rewritten into an `and` of two independent terms
// (losing "the same email"), and `emails[type eq "work"].value` alone threw; `True`/`NULL` were
// rejected though ABNF literals are case-insensitive; its errors are bare strings with token
// dumps; schema URNs stay glued to attribute names. A parser this size is cheaper than wrapping
// all of that.
//
// Grammar accepted (precedence: or < and < not):
//   filter    = or
//   or        = and *("or" and)
//   and       = unary *("and" unary)
//   unary     = "not" unary / "(" or ")" / attrExp
//   attrExp   = attrPath "pr" / attrPath compareOp value
//             / attrPath "[" valFilter "]" [ "." subAttr ( "pr" / compareOp value ) ]
// Extensions to the strict ABNF, all sent by real clients: `not` without parentheses, and a
// comparison on a value path's sub-attribute (`emails[type eq "work"].value eq "x"`), which is
// parsed as one value filter so both terms apply to the same element.
import { parseAttrPath, type AttrPath } from "./attr-path";
import { ScimError } from "./errors";
import { unstorable } from "./limits";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type CompValue = string | number | boolean | null;

export type Filter =
  | { op: "and" | "or"; filters: Filter[] }
  | { op: "not"; filter: Filter }
  | { op: "pr"; path: AttrPath }
  | { op: CompareOp; path: AttrPath; value: CompValue }
  /** `path[filter]`: some value of multi-valued `path` satisfies `filter`, whose paths are sub-attributes. */
  | { op: "valuePath"; path: AttrPath; filter: Filter };

export type Comparison = Extract<Filter, { value: CompValue }>;

const COMPARE_OPS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
export const isCompareOp = (op: string): op is CompareOp => COMPARE_OPS.has(op);

// Bounds on hostile input: recursion depth (stack) and terms (the size of the SQL built from it).
const MAX_LENGTH = 4096;
const MAX_DEPTH = 32;
const MAX_TERMS = 100;

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "(" | ")" | "[" | "]"; at: number }
  | { kind: "end"; at: number };

export function parseFilter(text: string): Filter {
  if (text.length > MAX_LENGTH) fail(`the filter is longer than ${MAX_LENGTH} characters`);
  if (text.trim() === "") fail("the filter is empty");
  // PostgreSQL text cannot hold U+0000 (SQLSTATE 22021); refused raw here and escaped ("\u0000") below.
  if (text.includes("\u0000")) fail("the filter contains U+0000");
  const parser = new Parser(tokenize(text));
  const filter = parser.parseOr(0);
  parser.expectEnd();
  return filter;
}

function fail(detail: string): never {
  throw new ScimError(400, "invalidFilter", `Invalid filter: ${detail}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === "[" || ch === "]") {
      tokens.push({ kind: ch, at: i });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) fail(`unterminated string starting at position ${i + 1}`);
      const raw = text.slice(i, j + 1);
      let value: unknown;
      try {
        // SCIM strings are JSON strings (RFC 7644 §3.4.2.2 "compValue … JSON").
        value = JSON.parse(raw);
      } catch {
        fail(`invalid escape in string ${raw} at position ${i + 1}`);
      }
      // Checked decoded: an escape ("\u0000", "\ud800") passes the raw text's check (limits.ts).
      const bad = unstorable(value as string);
      if (bad) fail(`the string at position ${i + 1} contains ${bad}`);
      tokens.push({ kind: "string", value: value as string, at: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j]!)) j++;
      tokens.push({ kind: "word", text: text.slice(i, j), at: i });
      i = j;
    }
  }
  tokens.push({ kind: "end", at: text.length });
  return tokens;
}

const show = (t: Token): string =>
  t.kind === "end" ? "the end of the filter" : t.kind === "word" ? `"${t.text}"` : t.kind === "string" ? JSON.stringify(t.value) : `"${t.kind}"`;
const where = (t: Token) => (t.kind === "end" ? "" : ` at position ${t.at + 1}`);

class Parser {
  private i = 0;
  private terms = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== "end") this.i++;
    return t;
  }
  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "word" && t.text.toLowerCase() === word;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== "end") {
      fail(t.kind === ")" || t.kind === "]" ? `unbalanced ${show(t)}${where(t)}` : `expected "and" or "or" but found ${show(t)}${where(t)}`);
    }
  }

  parseOr(depth: number, inValuePath = false): Filter {
    return this.parseChain("or", () => this.parseAnd(depth, inValuePath));
  }

  private parseAnd(depth: number, inValuePath: boolean): Filter {
    return this.parseChain("and", () => this.parseUnary(depth, inValuePath));
  }

  private parseChain(op: "and" | "or", operand: () => Filter): Filter {
    const filters = [operand()];
    while (this.isKeyword(op)) {
      this.next();
      filters.push(operand());
    }
    if (filters.length === 1) return filters[0]!;
    // Flatten a or (b or c) written with parentheses too: same meaning, shallower SQL.
    return { op, filters: filters.flatMap((f) => (f.op === op ? f.filters : [f])) };
  }

  private parseUnary(depth: number, inValuePath: boolean): Filter {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    const t = this.peek();
    if (this.isKeyword("not")) {
      this.next();
      return { op: "not", filter: this.parseUnary(depth + 1, inValuePath) };
    }
    if (t.kind === "(") {
      this.next();
      const inner = this.parseOr(depth + 1, inValuePath);
      const close = this.next();
      if (close.kind !== ")") fail(`expected ")" to close the "(" at position ${t.at + 1} but found ${show(close)}${where(close)}`);
      return inner;
    }
    return this.parseAttrExp(depth, inValuePath);
  }

  private parseAttrExp(depth: number, inValuePath: boolean): Filter {
    const t = this.next();
    if (t.kind !== "word") fail(`expected an attribute name but found ${show(t)}${where(t)}`);
    const path = parseAttrPath(t.text);
    if (!path) fail(`"${t.text}" is not a valid attribute path${where(t)}`);
    if (++this.terms > MAX_TERMS) fail(`more than ${MAX_TERMS} comparisons`);

    if (this.peek().kind === "[") {
      if (inValuePath) fail(`value filters cannot be nested${where(this.peek())}`);
      if (path.subAttr) fail(`a value filter applies to a multi-valued attribute, not to "${t.text}"${where(t)}`);
      this.next();
      const inner = this.parseOr(depth + 1, true);
      const close = this.next();
      if (close.kind !== "]") fail(`expected "]" but found ${show(close)}${where(close)}`);
      const after = this.peek();
      if (after.kind === "word" && after.text.startsWith(".")) {
        // emails[type eq "work"].value eq "x": both terms must hold for the same email.
        this.next();
        const sub = parseAttrPath(after.text.slice(1));
        if (!sub || sub.schema || sub.subAttr) fail(`"${after.text}" is not a valid sub-attribute${where(after)}`);
        const term = this.parseOperator(sub, after);
        return { op: "valuePath", path, filter: { op: "and", filters: [inner, term] } };
      }
      return { op: "valuePath", path, filter: inner };
    }
    return this.parseOperator(path, t);
  }

  private parseOperator(path: AttrPath, attrToken: Token): Filter {
    const t = this.next();
    if (t.kind !== "word") fail(`expected an operator after ${show(attrToken)} but found ${show(t)}${where(t)}`);
    const op = t.text.toLowerCase();
    if (op === "pr") return { op: "pr", path };
    if (!isCompareOp(op)) fail(`unknown operator "${t.text}"${where(t)}; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr`);
    return { op, path, value: this.parseValue(t) };
  }

  private parseValue(opToken: Token): CompValue {
    const t = this.next();
    if (t.kind === "string") return t.value;
    if (t.kind !== "word") fail(`expected a value after ${show(opToken)} but found ${show(t)}${where(t)}`);
    const lower = t.text.toLowerCase();
    // ABNF literals are case-insensitive (RFC 5234 §2.3): True, NULL and FALSE are all valid.
    if (lower === "true") return true;
    if (lower === "false") return false;
    if (lower === "null") return null;
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t.text)) return Number(t.text);
    fail(`${show(t)}${where(t)} is not a value; strings must be in double quotes`);
  }
}
