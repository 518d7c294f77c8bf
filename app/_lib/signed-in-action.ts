import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import type { Actor } from "@/lib/audit/actor";
import type { Db } from "@/lib/members/types";
import { failure, success, type ActionState } from "../(dashboard)/teams/[slug]/_lib/action-state";
import { actionErrorMessage } from "./action-error-message";
import { readForm, readInput } from "./action-input";

export type SignedInContext = { db: Db; user: CurrentUser; actor: Actor };

/**
 * The wrapper for actions that belong to a person rather than a team (create a team, accept an
 * invitation, the account page): validate with zod, require a signed-in person, run the handler,
 * turn refusals into a form message. Team actions use teamAction, which adds the permission check.
 */
export function signedInAction<S extends z.ZodType, T = undefined>(
  options: { schema: S },
  handler: (ctx: SignedInContext, input: NoInfer<z.output<S>>) => Promise<ActionState<T> | string>,
) {
  return async (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const input = readForm(options.schema, formData);
    if (!input.ok) return input.state;
    try {
      const user = await getCurrentUser();
      if (!user) return failure("Your session has ended. Sign in again.");
      const actor: Actor = { type: "user", userId: user.id, label: user.email, mayManageOwners: false };
      const result = await handler({ db: await getDb(), user, actor }, input.data);
      return typeof result === "string" ? success<T>(result) : result;
    } catch (e) {
      unstable_rethrow(e);
      return failure(actionErrorMessage(e));
    }
  };
}

/** The same for forms anyone may submit (first-run, forgot password, accepting as a new person). */
export function publicAction<S extends z.ZodType, T = undefined>(
  options: { schema: S },
  handler: (db: Db, input: NoInfer<z.output<S>>) => Promise<ActionState<T> | string>,
) {
  return async (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const input = readForm(options.schema, formData);
    if (!input.ok) return input.state;
    try {
      const result = await handler(await getDb(), input.data);
      return typeof result === "string" ? success<T>(result) : result;
    } catch (e) {
      unstable_rethrow(e);
      return failure(actionErrorMessage(e));
    }
  };
}

/**
 * For actions a page calls with plain values rather than a form, that answer data (a lookup, a
 * preview) and never throw: `invalid` for input that fails the schema, `failed` when the handler
 * throws anything unexpected (logged, one line, under `label`).
 */
export function publicRead<S extends z.ZodType, R>(
  options: { schema: S; invalid: R; failed: R; label: string },
  handler: (db: Db, input: NoInfer<z.output<S>>) => Promise<R>,
) {
  return async (value: unknown): Promise<R> => {
    const input = readInput(options.schema, value);
    if (!input.ok) return options.invalid;
    try {
      return await handler(await getDb(), input.data);
    } catch (e) {
      unstable_rethrow(e);
      console.error(`[${options.label}] failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      return options.failed;
    }
  };
}
