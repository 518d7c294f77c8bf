"use client";

// Any page's error boundary (the team pages have their own, inside their navigation).
import { ErrorPanel } from "@/components/error-panel";

export default function Error(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} />;
}
