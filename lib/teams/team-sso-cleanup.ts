import { SAML_PRODUCT } from "../saml/constants";
import { getJackson } from "../saml/jackson";

/** Removes a deleted team's SAML connections from jackson (tenant = team id), if it has any. */
export async function removeTeamSsoConnections(teamId: string): Promise<void> {
  const jackson = await getJackson();
  const connections = await jackson.connectionAPIController.getConnections({ tenant: teamId, product: SAML_PRODUCT });
  if (connections.length > 0) await jackson.connectionAPIController.deleteConnections({ tenant: teamId, product: SAML_PRODUCT });
}
