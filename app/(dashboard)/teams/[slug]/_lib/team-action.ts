import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getTeamContext, type TeamContext } from "@/lib/auth/team-context";
import type { Permission } from "@/lib/auth/permissions";
import { failure, success, type ActionState } from "./action-state";
import { actionErrorMessage } from "./action-error-message";

type Handler<I, T> = (ctx: TeamContext, input: I) => Promise<ActionState<T> | string>;

/**
 * The wrapper every team form action is built with: validate the form with zod, load the team
 * context (signed in, active member), check the permission, run the handler, revalidate the team
 * pages. Bad input or a refused change answers a message and changes nothing; it never throws.
 * A handler returns a success message, or an ActionState of its own (e.g. with data).
 */
export function teamAction<S extends z.ZodType<{ slug: string }>, T = undefined>(
  options: { schema: S; permission: Permission },
  handler: Handler<NoInfer<z.output<S>>, T>,
) {
  return async (_prev: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const parsed = options.schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
      return failure(Object.values(fieldErrors)[0] ?? "Please check the form.", fieldErrors);
    }
    const ctx = await getTeamContext(parsed.data.slug);
    if (!ctx.can(options.permission)) return failure("You don't have permission to do that.");
    try {
      const result = await handler(ctx, parsed.data);
      revalidatePath(`/teams/${ctx.team.slug}`, "layout");
      return typeof result === "string" ? success<T>(result) : result;
    } catch (e) {
      unstable_rethrow(e);
      return failure(actionErrorMessage(e));
    }
  };
}
