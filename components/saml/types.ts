// What every SSO settings action answers: a message for the form, and whether it worked.
export type SsoActionState = { status: "idle" | "success" | "error"; message: string; at?: number };
export const IDLE: SsoActionState = { status: "idle", message: "" };
