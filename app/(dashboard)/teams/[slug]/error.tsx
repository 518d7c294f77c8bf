"use client";

// Inside the team layout, so its navigation stays on screen.
import { ErrorPanel } from "@/components/error-panel";

export default function Error(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} />;
}
