import type { z } from "zod";
import { isSlugShaped } from "@/lib/teams/slug";
import { failure, success, type ActionState } from "../(dashboard)/teams/[slug]/_lib/action-state";
import type { Step } from "./run-action";

// The first step of every server action wrapper: what the client sent, checked before anything
// is loaded. A server action is a public endpoint: a hand-made request can send any serialisable
// value (an object where FormData belongs, a slug with a NUL), so nothing is assumed about its
// shape. Pure, so it is unit-tested alone.

export const UNREADABLE_FORM = "The form could not be read. Reload the page and try again.";
export const UNKNOWN_TEAM = "That team could not be found. Reload the page and try again.";

export type ReadInput<T> = { ok: true; data: T } | { ok: false; state: ActionState<never> };

/** zod issues → the first message and one per field, as the forms show them. */
export function invalidInput(error: z.ZodError): ActionState<never> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return failure(Object.values(fieldErrors)[0] ?? "Please check the form.", fieldErrors);
}

/** Any value against a schema. */
export function readInput<S extends z.ZodType>(schema: S, value: unknown): ReadInput<z.output<S>> {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, state: invalidInput(parsed.error) };
}

/** A form action's FormData against its schema; anything else is refused with a form message. */
export function readForm<S extends z.ZodType>(schema: S, formData: unknown): ReadInput<z.output<S>> {
  if (!(formData instanceof FormData)) return { ok: false, state: failure(UNREADABLE_FORM) };
  return readInput(schema, Object.fromEntries(formData));
}

/** As readForm, for a team action: the slug must be one a team can have before the team is loaded. */
export function readTeamForm<S extends z.ZodType<{ slug: string }>>(schema: S, formData: unknown): ReadInput<z.output<S>> {
  const read = readForm(schema, formData);
  if (read.ok && !isSlugShaped(read.data.slug)) return { ok: false, state: failure(UNKNOWN_TEAM) };
  return read;
}

/** The SSO page's actions: a slug bound by the page and a form, or the reason to refuse them. */
export function ssoPageInputProblem(slug: unknown, formData: unknown): string | null {
  if (typeof slug !== "string" || !isSlugShaped(slug)) return UNKNOWN_TEAM;
  if (!(formData instanceof FormData)) return UNREADABLE_FORM;
  return null;
}

/** A read input as run-action's first step: its data, or the form state that refuses it. */
export const fromRead = <T>(read: ReadInput<T>): Step<T, ActionState<never>> => (read.ok ? { ok: true, value: read.data } : { ok: false, answer: read.state });

/** A handler's result as the form's state: a message is a success. */
export const formAnswer = <T>(result: ActionState<T> | string): ActionState<T> => (typeof result === "string" ? success<T>(result) : result);
