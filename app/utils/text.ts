/**
 * Text PostgreSQL cannot store: a `text` value (or a query parameter compared with one) may not contain NUL (U+0000) —
 * the database refuses it ("invalid byte sequence for encoding UTF8: 0x00"), which would be a 500. No keyboard types
 * it, but a pasted or crafted value can carry one, so every free-text form field refuses it with a field error.
 */
export const hasNul = (s: string) => s.includes('\u0000')

/** Message key of the field error (translated like the schemas' other keys). */
const NUL_ERROR = 'error.nul'

/** For zod: `z.string().refine(...noNul)` — a field error for text holding NUL. */
export const noNul = [(s: string) => !hasNul(s), NUL_ERROR] as const

/** Metadata that is not typed (an uploaded file's name): NULs are dropped instead. */
export const withoutNul = (s: string) => s.replaceAll('\u0000', '')
