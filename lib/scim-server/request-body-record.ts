// The request body as readScimBody read it, kept beside the Request for the request log. Not a
// clone of the request: a tee'd body would hold a refused 1 MB upload in memory, and cancelling one
// branch of a tee waits for the other.
export type RememberedBody = { text: string } | { tooLarge: number };
const bodies = new WeakMap<Request, RememberedBody>();

export const rememberRequestBody = (request: Request, body: RememberedBody): void => {
  bodies.set(request, body);
};

/** What the handler read of the body; null when it read none (a refused token, a GET). */
export const rememberedRequestBody = (request: Request): RememberedBody | null => bodies.get(request) ?? null;
