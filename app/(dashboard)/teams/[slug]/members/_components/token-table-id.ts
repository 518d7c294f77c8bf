// The token table's element id: Revoke moves focus there once its row has no button left.
export const TOKEN_TABLE_ID = "scim-tokens";
