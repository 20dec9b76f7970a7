import type { DbOrTx } from '~db/client.server'
import { auditLog } from '~db/schema'

export interface Actor {
  id: string | null
  username: string | null
  ip?: string | null
}

export interface AuditEntry {
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
}

/** Secrets never reach the audit trail, whatever a caller passes in `before`/`after`. */
const SECRET_KEYS = new Set(['password', 'passwordHash', 'token', 'tokenHash', 'idHash'])

function scrub(value: unknown): unknown {
  if (value === undefined) return null
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(scrub)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k) ? '[redacted]' : scrub(v)
  return out
}

/** Writes one audit row. Call it with the transaction that makes the change, so both land or neither does. */
export async function audit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    userId: actor.id,
    username: actor.username,
    ip: actor.ip ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
  })
}
