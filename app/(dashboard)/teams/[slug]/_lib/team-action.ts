import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getTeamContext, type TeamContext } from "@/lib/auth/team-context";
import type { Permission } from "@/lib/auth/permissions";
import { failure, success, type ActionState } from "./action-state";
import { actionErrorMessage } from "@/app/_lib/action-error-message";
import { readInput, readTeamForm } from "@/app/_lib/action-input";
import { isSlugShaped } from "@/lib/teams/slug";

type Handler<I, T> = (ctx: TeamContext, input: I) => Promise<ActionState<T> | string>;

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
  return async (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const input = readTeamForm(options.schema, formData);
    if (!input.ok) return input.state;
    try {
      const ctx = await getTeamContext(input.data.slug);
      if (!ctx.can(options.permission)) return failure("You don't have permission to do that.");
      const result = await handler(ctx, input.data);
      revalidatePath(`/teams/${ctx.team.slug}`, "layout");
      return typeof result === "string" ? success<T>(result) : result;
    } catch (e) {
      unstable_rethrow(e);
      return failure(actionErrorMessage(e));
    }
  };
}

/**
 * For team actions a page calls with plain values (a preview), answering data rather than a form
 * state: the same checks as teamAction, `fallback` for bad input, no permission or a failure.
 */
export function teamRead<S extends z.ZodType<{ slug: string }>, R>(
  options: { schema: S; permission: Permission; fallback: R },
  handler: (ctx: TeamContext, input: NoInfer<z.output<S>>) => Promise<R>,
) {
  return async (value: unknown): Promise<R> => {
    const input = readInput(options.schema, value);
    if (!input.ok || !isSlugShaped(input.data.slug)) return options.fallback;
    try {
      const ctx = await getTeamContext(input.data.slug);
      if (!ctx.can(options.permission)) return options.fallback;
      return await handler(ctx, input.data);
    } catch (e) {
      unstable_rethrow(e);
      actionErrorMessage(e); // logs what is unexpected; the page shows no data
      return options.fallback;
    }
  };
}
