// The members table's element id: Remove moves focus there once the removed member's row (and
// the dialog inside it) is gone.
export const MEMBERS_TABLE_ID = "team-members";
