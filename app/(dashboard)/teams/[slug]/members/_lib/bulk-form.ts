// The members table's bulk form: its row checkboxes join it through their `form` attribute.
export const BULK_FORM_ID = "bulk-members";
