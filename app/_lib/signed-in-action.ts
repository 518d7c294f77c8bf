import "server-only";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import type { Actor } from "@/lib/audit/actor";
import type { Db } from "@/lib/members/types";
import { failure, type ActionState } from "../(dashboard)/teams/[slug]/_lib/action-state";
import { actionErrorMessage } from "./action-error-message";
import { formAnswer, fromRead, readForm, readInput } from "./action-input";
import { go, runAction, stop } from "./run-action";

export type SignedInContext = { db: Db; user: CurrentUser; actor: Actor };


/**
 * The wrapper for actions that belong to a person rather than a team (create a team, accept an
 * invitation, the account page): validate with zod, require a signed-in person, run the handler,
 * turn refusals into a form message. Team actions use teamAction, which adds the permission check.
 */
export function signedInAction<S extends z.ZodType, T = undefined>(
  /** teamOnlySessions: the action only protects the person (signing out), so a team-only session may run it. */
  options: { schema: S; teamOnlySessions?: boolean },
  handler: (ctx: SignedInContext, input: NoInfer<z.output<S>>) => Promise<ActionState<T> | string>,
) {
  return (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> =>
    runAction<z.output<S>, SignedInContext, ActionState<T>>({
      read: () => fromRead(readForm(options.schema, formData)),
      load: async () => {
        const user = await getCurrentUser();
        if (!user) return stop(failure("Your session has ended. Sign in again."));
        // A session an admin's SSO connection opened speaks for the person in that team only, not
        // for their account (its name, password, other teams, new ones).
        if (user.session.onlyTeamId !== null && !options.teamOnlySessions) {
          return stop(failure("Sign in with your password to change your account or join another team."));
        }
        return go({ db: await getDb(), user, actor: { type: "user", userId: user.id, label: user.email, mayManageOwners: false } });
      },
      run: async (ctx, input) => formAnswer(await handler(ctx, input)),
      fail: (e) => failure(actionErrorMessage(e)),
    });
}

/** The same for forms anyone may submit (first-run, forgot password, accepting as a new person). */
export function publicAction<S extends z.ZodType, T = undefined>(
  options: { schema: S },
  handler: (db: Db, input: NoInfer<z.output<S>>) => Promise<ActionState<T> | string>,
) {
  return (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> =>
    runAction<z.output<S>, Db, ActionState<T>>({
      read: () => fromRead(readForm(options.schema, formData)),
      load: async () => go(await getDb()),
      run: async (db, input) => formAnswer(await handler(db, input)),
      fail: (e) => failure(actionErrorMessage(e)),
    });
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
  return (value: unknown): Promise<R> =>
    runAction<z.output<S>, Db, R>({
      read: () => {
        const read = readInput(options.schema, value);
        return read.ok ? go(read.data) : stop(options.invalid);
      },
      load: async () => go(await getDb()),
      run: (db, input) => handler(db, input),
      fail: (e) => {
        console.error(`[${options.label}] failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
        return options.failed;
      },
    });
}
