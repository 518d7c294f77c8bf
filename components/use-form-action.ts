"use client";

import { useActionState, useEffect, useRef, startTransition } from "react";

type State = { status: string; at?: number };

/**
 * Runs a form action without React's automatic form reset, so a refused submission keeps what the
 * person typed; the form is reset only after a success. Returns the action's latest state.
 */
export function useFormAction<S extends State>(
  action: (prev: S, data: FormData) => Promise<S>,
  initial: S,
  { resetOnSuccess = true, onSuccess }: { resetOnSuccess?: boolean; onSuccess?: (state: S) => void } = {},
) {
  // onSuccess runs as soon as the action answers, before React shows the new page: the place to
  // move focus off a control that the change is about to remove (e.g. a revoked token's button).
  const onSuccessRef = useRef(onSuccess);
  onSuccessRef.current = onSuccess;
  const run = async (prev: S, data: FormData) => {
    const next = await action(prev, data);
    if (next.status === "success") onSuccessRef.current?.(next);
    return next;
  };
  const [state, dispatch, pending] = useActionState<S, FormData>(run as (prev: Awaited<S>, data: FormData) => Promise<S>, initial as Awaited<S>);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && state.status === "success") formRef.current?.reset();
    // A refused submission: focus goes to the first field marked invalid, whose message is beside it.
    if (state.status === "error") formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state, resetOnSuccess]);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Submit buttons stay enabled (aria-disabled) while pending so they keep focus; ignore repeats.
    if (pending) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  return { state, pending, formRef, onSubmit };
}
