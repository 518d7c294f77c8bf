import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import type { Actor } from "@/lib/audit/actor";
import type { Db } from "@/lib/members/types";
import { failure, success, type ActionState } from "../(dashboard)/teams/[slug]/_lib/action-state";
import { actionErrorMessage } from "../(dashboard)/teams/[slug]/_lib/action-error-message";

export type SignedInContext = { db: Db; user: CurrentUser; actor: Actor };

/** zod issues → the first message and one per field, as the team forms show them. */
export function invalidInput(error: z.ZodError): ActionState<never> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return failure(Object.values(fieldErrors)[0] ?? "Please check the form.", fieldErrors);
}

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
    const parsed = options.schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const user = await getCurrentUser();
    if (!user) return failure("Your session has ended. Sign in again.");
    const actor: Actor = { type: "user", userId: user.id, label: user.email, mayManageOwners: false };
    try {
      const result = await handler({ db: await getDb(), user, actor }, parsed.data);
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
    const parsed = options.schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    try {
      const result = await handler(await getDb(), parsed.data);
      return typeof result === "string" ? success<T>(result) : result;
    } catch (e) {
      unstable_rethrow(e);
      return failure(actionErrorMessage(e));
    }
  };
}
