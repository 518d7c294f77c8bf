// The frame of pages people reach before or outside a team: sign-in, first run, invitations,
// password links. A heading, an optional lead paragraph, and the content in a card.
export function AuthShell({ title, lead, children, wide = false }: { title: string; lead?: React.ReactNode; children: React.ReactNode; wide?: boolean }) {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-6">
      <div className={`w-full ${wide ? "max-w-md" : "max-w-sm"}`}>
        <div className="mb-6 text-center">
          <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Gatehouse</p>
          <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
          {lead && <div className="mt-2 text-sm text-slate-600">{lead}</div>}
        </div>
        <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
