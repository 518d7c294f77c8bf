// Shared Tailwind class sets, so every button, field and card on the dashboard looks and focuses alike.
// Focus rings and field borders are opaque brand/slate-500 colours: at least 3:1 against white
// (WCAG 1.4.11), which the earlier 60 % / 30 % tints were not.
const focus = "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2";
// A button stays focusable while its action runs (aria-disabled, not disabled): a disabled
// button drops keyboard focus to <body>. useFormAction ignores a second submit meanwhile.
const busy = "aria-disabled:cursor-wait aria-disabled:opacity-70";

export const ui = {
  card: "rounded-xl border border-slate-200 bg-white shadow-sm",
  primary: `inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60 ${busy} ${focus}`,
  secondary: `inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 ${busy} ${focus}`,
  danger: `inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md border border-red-300 bg-white px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-60 ${busy} ${focus}`,
  dangerSolid: `inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-60 ${busy} ${focus}`,
  small: `inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 ${focus}`,
  link: `font-medium text-brand-600 hover:underline ${focus} rounded-sm`,
  label: "block text-sm font-medium text-slate-700",
  input:
    "block w-full min-w-0 rounded-md border border-slate-500 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600 focus:outline-none disabled:border-slate-300 disabled:bg-slate-50 aria-invalid:border-red-700 aria-invalid:ring-1 aria-invalid:ring-red-700",
  th: "px-4 py-3 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase",
  td: "px-4 py-3 align-middle",
  focus,
};
