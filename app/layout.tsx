import type { Metadata } from "next";
import "./globals.css";

// Every page is rendered per request: its scripts carry the nonce of that request's
// Content-Security-Policy (proxy.ts), which a page prerendered at build time could not.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "Team administration with SCIM provisioning and SAML single sign-on",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        {/* The live region components/announce.ts writes to; present from the start so it is heard.
            No role="status": a form's own status message stays the page's one status. */}
        <div id="announcer" aria-live="polite" className="sr-only" />
      </body>
    </html>
  );
}
