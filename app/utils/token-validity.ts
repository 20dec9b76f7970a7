/** API token validity choices at creation, in days (shared by the token page's form and api-auth.server.ts). */
export const TOKEN_VALIDITY_DAYS = [30, 90, 180, 365] as const
export const DEFAULT_TOKEN_DAYS = 90
