/** Password length policy (NIST 800-63B): 8–128 characters, never truncated, no composition rules. */
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 128
