/**
 * The printers' connection secrets at rest: one JSON object per connection, sealed with AES-256-GCM under
 * PRINTER_SECRET_KEY (a random 96-bit IV per seal; the printer's id as additional data, so a blob copied onto another
 * printer's row does not open). Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url. Opened only on the server, by the
 * poller and by a save that keeps a secret; never sent to a browser or an API client, never written to the audit log.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { ConnectionSecrets } from '~/domain/printers/live/connection'
import { decodeSecretKey, liveEnv } from '~/utils/env.server'

/** The key is not configured, or cannot decrypt what is stored (it was changed). */
export class SecretKeyError extends Error {
  constructor(
    readonly reason: 'missing' | 'unreadable',
    message: string,
  ) {
    super(message)
    this.name = 'SecretKeyError'
  }
}

export const MISSING_KEY_MESSAGE =
  'PRINTER_SECRET_KEY is not set, but printers have connections whose secrets are stored encrypted with it. Set it to the same 32-byte key as before (64 hex characters or base64, e.g. from `openssl rand -base64 32` when first set up), or set those printers\' connection type to "none".'

/** The configured key, read afresh (tests change it between cases); null when unset. */
export function secretKey(): Buffer | null {
  const text = liveEnv('PRINTER_SECRET_KEY')
  return text ? decodeSecretKey(text) : null
}

export function requireSecretKey(): Buffer {
  const key = secretKey()
  if (!key) throw new SecretKeyError('missing', MISSING_KEY_MESSAGE)
  return key
}

const aad = (printerId: string) => Buffer.from(`printer-connection:${printerId}`)

export function sealSecrets(printerId: string, secrets: ConnectionSecrets, key: Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad(printerId))
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

/** Opens a sealed blob; a wrong key, another printer's blob or a changed byte is a SecretKeyError('unreadable'). */
export function openSecrets(printerId: string, blob: string, key: Buffer): ConnectionSecrets {
  const [v, iv, tag, body, ...rest] = blob.split('.')
  try {
    if (v !== 'v1' || !iv || !tag || body === undefined || rest.length) throw new Error('not a v1 blob')
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(aad(printerId))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    const parsed = JSON.parse(text) as Record<string, unknown>
    const out: ConnectionSecrets = {}
    for (const name of ['apiKey', 'serial', 'accessCode'] as const) if (typeof parsed[name] === 'string') out[name] = parsed[name]
    return out
  } catch {
    throw new SecretKeyError('unreadable', 'the stored printer secret cannot be decrypted with PRINTER_SECRET_KEY (was the key changed?)')
  }
}
