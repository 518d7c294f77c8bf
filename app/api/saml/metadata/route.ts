import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { spMetadataXml } from "@/lib/saml/sp-metadata";

// GET /api/saml/metadata – the service provider's SAML metadata (entity ID, ACS URL, signing
// certificate) for IdP admins to download or let their IdP fetch. The same for every team.
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    const xml = await spMetadataXml(await getJackson());
    const download = new URL(req.url).searchParams.has("download");
    return new Response(xml, {
      headers: {
        "content-type": "application/samlmetadata+xml; charset=utf-8",
        "content-disposition": `${download ? "attachment" : "inline"}; filename="gatehouse-sp-metadata.xml"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    const message = e instanceof SsoError ? e.message : "Single sign-on is unavailable; try again shortly.";
    return new Response(message, { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
