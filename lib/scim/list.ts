// List requests and the ListResponse envelope (RFC 7644 §3.4.2, §3.4.2.4 pagination).
import { LIST_RESPONSE_SCHEMA, MAX_PAGE_SIZE } from "./constants";
import { ScimError } from "./errors";

export type Page = {
  /** 1-based index of the first result. */
  startIndex: number;
  /** Results wanted, 0..MAX_PAGE_SIZE. 0 asks for totalResults only (§3.4.2.4). */
  count: number;
  /** The same window for Prisma: `skip`/`take`. */
  skip: number;
  take: number;
};

type Params = Pick<URLSearchParams, "get">;

/**
 * §3.4.2.4: startIndex < 1 is read as 1 and a negative count as 0; we cap count at MAX_PAGE_SIZE
 * (clients learn the cap from itemsPerPage and page on). An absent count gets the cap too.
 */
export function parsePage(params: Params): Page {
  const startIndex = Math.max(1, readInteger(params, "startIndex") ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, readInteger(params, "count") ?? MAX_PAGE_SIZE));
  return { startIndex, count, skip: startIndex - 1, take: count };
}

function readInteger(params: Params, name: string): number | undefined {
  const raw = params.get(name)?.trim();
  if (!raw) return undefined;
  if (!/^[-+]?\d+$/.test(raw)) {
    throw new ScimError(400, "invalidValue", `${name} must be an integer, got "${raw}"`);
  }
  // Beyond-safe values are clamped anyway; keep them finite and of the right sign.
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : Math.sign(n) * Number.MAX_SAFE_INTEGER;
}

export type ListResponse<T> = {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
};

export function listResponse<T>(resources: T[], page: { totalResults: number; startIndex: number }): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
