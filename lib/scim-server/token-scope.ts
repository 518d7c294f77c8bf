import { ScimError } from "../scim/errors";
import { scopeAllows, type TokenScope } from "../scim-tokens/token-scope";

/** A read-only token's write is refused before the handler runs: 403 in the SCIM error format. */
export function assertTokenScope(scope: TokenScope, method: string): void {
  if (!scopeAllows(scope, method)) {
    throw new ScimError(403, undefined, `This SCIM token is read-only: ${method} is refused. Generate a read-write token for provisioning.`);
  }
}
