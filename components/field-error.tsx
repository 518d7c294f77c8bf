// A field's own error, beside the field and tied to it: the input gets aria-invalid and
// aria-describedby pointing here, so a screen reader reads the reason with the field.

export const fieldErrorId = (inputId: string) => `${inputId}-error`;

/** Props for the input: invalid state and the link to its message (plus any hint ids). */
export function fieldErrorProps(inputId: string, message: string | undefined, describedBy?: string) {
  const ids = [describedBy, message ? fieldErrorId(inputId) : undefined].filter(Boolean).join(" ");
  return { "aria-invalid": message ? true : undefined, "aria-describedby": ids || undefined } as const;
}

export function FieldError({ inputId, message }: { inputId: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={fieldErrorId(inputId)} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  );
}
