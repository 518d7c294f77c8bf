"use client";

import { useSyncExternalStore } from "react";

// A moment shown to the second in the viewer's own time zone, with the UTC time in the tooltip
// and in `dateTime` for machines. The server knows no viewer's zone, so it renders UTC; the
// browser switches to local time right after hydration (useSyncExternalStore's server snapshot
// keeps the two renders equal, so there is no hydration mismatch).

const fields: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
const utcFormat = new Intl.DateTimeFormat("en", { ...fields, timeZone: "UTC" });
let localFormat: Intl.DateTimeFormat | null = null;

const subscribe = () => () => {};
const onClient = () => true;
const onServer = () => false;

export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const client = useSyncExternalStore(subscribe, onClient, onServer);
  const date = new Date(iso);
  const utc = `${utcFormat.format(date)} UTC`;
  let shown = utc;
  if (client) {
    localFormat ??= new Intl.DateTimeFormat(undefined, { ...fields, timeZoneName: "short" });
    shown = localFormat.format(date);
  }
  return (
    <time dateTime={iso} title={utc} className={className}>
      {shown}
    </time>
  );
}
