/**
 * The one keyset-cursor codec: a page's "after" position is a JSON tuple, base64url-encoded, checked against a zod tuple
 * when it comes back. Anything that does not decode and validate (tampered, truncated, too long) is simply no cursor.
 */
import { z } from 'zod'

const MAX_CURSOR_LENGTH = 512

export interface CursorCodec<T> {
  encode: (value: T) => string
  decode: (text: string | null | undefined) => T | null
}

export function keysetCursor<S extends z.ZodTypeAny>(schema: S): CursorCodec<z.output<S>> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)).toString('base64url'),
    decode: (text) => {
      if (!text || text.length > MAX_CURSOR_LENGTH) return null
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
        return parsed.success ? (parsed.data as z.output<S>) : null
      } catch {
        return null
      }
    },
  }
}

/** An instant as text that `Date` can read (the ISO strings cursors carry). */
export const instantText = z.string().refine((v) => !Number.isNaN(Date.parse(v)))
