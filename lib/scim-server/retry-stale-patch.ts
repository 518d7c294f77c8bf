import { VersionMismatchError } from "../members/errors";

/**
 * A SCIM PATCH applies its operations to the resource as read, then writes the difference only if
 * the resource is still at that version. Without If-Match, a write that lost a race with another
 * between our read and our write is tried once more on fresh data rather than lost; with If-Match,
 * the mismatch is the answer (412).
 */
export async function retryStalePatch<T>(ifMatch: number | undefined, patchOnce: () => Promise<T>): Promise<T> {
  try {
    return await patchOnce();
  } catch (e) {
    if (!(e instanceof VersionMismatchError) || ifMatch !== undefined) throw e;
    return patchOnce();
  }
}
