// The few parts of oidc-provider (which ships no types) the e2e OpenID provider uses.
declare module "oidc-provider" {
  import type http from "node:http";
  type Ctx = { oidc: { provider: Provider; client?: { clientId: string }; session?: { accountId?: string } } };
  class Grant {
    constructor(init: { clientId: string; accountId: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  type Configuration = {
    clients: Record<string, unknown>[];
    claims: Record<string, string[]>;
    findAccount(ctx: Ctx, id: string): Promise<{ accountId: string; claims(): Promise<Record<string, unknown>> }>;
    loadExistingGrant(ctx: Ctx): Promise<Grant | undefined>;
    features: Record<string, unknown>;
  };
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: typeof Grant;
    callback(): http.RequestListener;
  }
}
