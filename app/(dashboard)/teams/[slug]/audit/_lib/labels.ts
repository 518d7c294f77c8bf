// Who can appear as an actor in the audit log (lib/audit/actor.ts), as people read it.
export const ACTOR_TYPES = { user: "Person", scim: "SCIM token", saml: "SAML sign-in", setup_link: "SSO setup link", system: "System" } as const;
export type ActorType = keyof typeof ACTOR_TYPES;
