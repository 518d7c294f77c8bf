// The message an action answered, announced to screen readers: errors assertively, success politely.
// The wrapper is always rendered, so it is a live region before the message arrives (a region
// inserted together with its text is often not announced); empty, it takes no space.
export function FormMessage({ state }: { state: { status: string; message?: string } }) {
  return (
    <div aria-live="polite" className="empty:absolute">
      <Message state={state} />
    </div>
  );
}

function Message({ state }: { state: { status: string; message?: string } }) {
  if (state.status === "error") {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {state.message}
      </p>
    );
  }
  if (state.status === "success") {
    return (
      <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        {state.message}
      </p>
    );
  }
  return null;
}
