// Case-insensitive identity keys. Emails and SCIM userNames compare ignoring case (Okta, Entra
// and users all vary it), so the database keeps a lower-cased copy under a unique index.
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const normalizeUserName = (userName: string) => userName.trim().toLowerCase();

// Deliberately loose: IdPs send what their directory holds; we only reject the clearly wrong.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (value: string) => EMAIL.test(value.trim());
