// Says something to screen readers through the page's one polite live region (app/layout.tsx),
// for results whose own message has no place to appear, e.g. a row that is gone after the change.
export function announce(message: string) {
  const region = document.getElementById("announcer");
  if (!region) return;
  // Cleared first, so the same sentence twice in a row is read twice.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}
