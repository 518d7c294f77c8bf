// scripts/start.ts serves HTTP outside Next's bundle; the SCIM server that runs inside it
// (app/api/scim/v2/serve-direct.ts, registered from instrumentation.ts) is left here for it.
import type http from "node:http";

/** Answers the request and returns true, or returns false to leave it to Next. */
export type DirectServer = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

const slot = globalThis as unknown as { gatehouseScimDirectServer?: DirectServer };

export const directScimServer = (): DirectServer | undefined => slot.gatehouseScimDirectServer;

export function setDirectScimServer(server: DirectServer): void {
  slot.gatehouseScimDirectServer = server;
}
