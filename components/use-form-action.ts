"use client";

import { useActionState, useEffect, useRef, startTransition } from "react";

type State = { status: string; at?: number };

/**
 * Runs a form action without React's automatic form reset, so a refused submission keeps what the
 * person typed; the form is reset only after a success. Returns the action's latest state.
 */
export function useFormAction<S extends State>(action: (prev: S, data: FormData) => Promise<S>, initial: S, { resetOnSuccess = true } = {}) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action as (prev: Awaited<S>, data: FormData) => Promise<S>, initial as Awaited<S>);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && state.status === "success") formRef.current?.reset();
  }, [state, resetOnSuccess]);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  return { state, pending, formRef, onSubmit };
}
