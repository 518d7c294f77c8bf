import { ui } from "@/components/ui";

// Same outline as the page (heading, filters, ten rows), so nothing jumps when the data arrives.
export default function Loading() {
  return (
    <div className="space-y-8" aria-busy="true" aria-label="Loading members">
      <div>
        <h1 className="text-2xl font-semibold">Manage Team</h1>
        <div className="mt-2 h-4 w-40 animate-pulse rounded bg-slate-200" />
      </div>
      <div className={ui.card}>
        <div className="space-y-4 border-b border-slate-200 p-4">
          <div className="h-7 w-64 animate-pulse rounded bg-slate-100" />
          <div className="h-10 w-full animate-pulse rounded bg-slate-100" />
        </div>
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="flex gap-4 border-b border-slate-100 px-4 py-3.5">
            <div className="h-4 w-1/5 animate-pulse rounded bg-slate-100" />
            <div className="h-4 w-1/4 animate-pulse rounded bg-slate-100" />
            <div className="h-4 w-1/12 animate-pulse rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
