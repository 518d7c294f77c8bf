import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { getTeamContext, type TeamContext } from "@/lib/auth/team-context";
import type { Permission } from "@/lib/auth/permissions";
import { failure, type ActionState } from "./action-state";
import { actionErrorMessage } from "@/app/_lib/action-error-message";
import { formAnswer, fromRead, readInput, readTeamForm } from "@/app/_lib/action-input";
import { go, runAction, stop } from "@/app/_lib/run-action";
import { isSlugShaped } from "@/lib/teams/slug";

type Handler<I, T> = (ctx: TeamContext, input: I) => Promise<ActionState<T> | string>;

/** The team context of a signed-in active member (getTeamContext redirects otherwise) who holds the permission. */
async function memberWith(slug: string, permission: Permission): Promise<TeamContext | null> {
  const ctx = await getTeamContext(slug);
  return ctx.can(permission) ? ctx : null;
}

/**
 * The wrapper every team form action is built with: validate the form with zod (FormData only,
 * a slug a team can have), load the team context (signed in, active member), check the
 * permission, run the handler, revalidate the team pages. Bad input or a refused change answers a
 * message and changes nothing; it never throws (redirects and 404s from the context aside).
 * A handler returns a success message, or an ActionState of its own (e.g. with data).
 */
export function teamAction<S extends z.ZodType<{ slug: string }>, T = undefined>(
  options: { schema: S; permission: Permission },
  handler: Handler<NoInfer<z.output<S>>, T>,
) {
  return (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> =>
    runAction<z.output<S>, TeamContext, ActionState<T>>({
      read: () => fromRead(readTeamForm(options.schema, formData)),
      load: async (input) => {
        const ctx = await memberWith(input.slug, options.permission);
        return ctx ? go(ctx) : stop(failure("You don't have permission to do that."));
      },
      run: async (ctx, input) => {
        const result = formAnswer(await handler(ctx, input));
        revalidatePath(`/teams/${ctx.team.slug}`, "layout");
        return result;
      },
      fail: (e) => failure(actionErrorMessage(e)),
    });
}

/**
 * For team actions a page calls with plain values (a preview), answering data rather than a form
 * state: the same checks as teamAction, `fallback` for bad input, no permission or a failure.
 */
export function teamRead<S extends z.ZodType<{ slug: string }>, R>(
  options: { schema: S; permission: Permission; fallback: R },
  handler: (ctx: TeamContext, input: NoInfer<z.output<S>>) => Promise<R>,
) {
  return (value: unknown): Promise<R> =>
    runAction<z.output<S>, TeamContext, R>({
      read: () => {
        const read = readInput(options.schema, value);
        return read.ok && isSlugShaped(read.data.slug) ? go(read.data) : stop(options.fallback);
      },
      load: async (input) => {
        const ctx = await memberWith(input.slug, options.permission);
        return ctx ? go(ctx) : stop(options.fallback);
      },
      run: (ctx, input) => handler(ctx, input),
      fail: (e) => {
        actionErrorMessage(e); // logs what is unexpected; the page shows no data
        return options.fallback;
      },
    });
}
