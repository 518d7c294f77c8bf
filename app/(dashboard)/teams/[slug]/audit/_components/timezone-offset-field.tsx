"use client";

import { useSyncExternalStore } from "react";

// Sends the viewer's UTC offset with the filter form, so "From" and "To" mean their own calendar
// days (the server knows no zone). Empty on the server render; filled right after hydration.
const subscribe = () => () => {};

export function TimezoneOffsetField() {
  const offset = useSyncExternalStore(subscribe, () => String(new Date().getTimezoneOffset()), () => "");
  return <input type="hidden" name="tzo" value={offset} />;
}
