import "server-only";
import { unstable_rethrow } from "next/navigation";

/** A step's outcome: go on with a value, or stop with the answer the caller gets. */
export type Step<V, A> = { ok: true; value: V } | { ok: false; answer: A };

export const go = <V>(value: V): { ok: true; value: V } => ({ ok: true, value });
export const stop = <A>(answer: A): { ok: false; answer: A } => ({ ok: false, answer });

/**
 * The one way every server action runs, whoever may call it (anyone, a signed-in person, a team's
 * member, a setup link's holder) and whatever it answers (a form state, read data): read what was
 * sent, load who acts and check they may, run, and turn anything thrown into an answer. Next's own
 * control flow (redirect, notFound) passes through. The wrappers (signed-in-action.ts,
 * team-action.ts, the SSO pages' actions) only choose the steps.
 */
export async function runAction<I, C, A>(steps: {
  read: () => Step<I, A>;
  load: (input: I) => Promise<Step<C, A>>;
  run: (ctx: C, input: I) => Promise<A>;
  fail: (e: unknown) => A;
}): Promise<A> {
  const input = steps.read();
  if (!input.ok) return input.answer;
  try {
    const ctx = await steps.load(input.value);
    if (!ctx.ok) return ctx.answer;
    return await steps.run(ctx.value, input.value);
  } catch (e) {
    unstable_rethrow(e);
    return steps.fail(e);
  }
}
