// What every SSO settings action answers: a message for the form, and whether it worked. `secret`:
// a value shown once (a setup link, a SCIM token), never stored in the clear.
export type SsoActionState = {
  status: "idle" | "success" | "error";
  message: string;
  at?: number;
  secret?: { label: string; value: string; extra?: { label: string; value: string } };
};
export const IDLE: SsoActionState = { status: "idle", message: "" };
