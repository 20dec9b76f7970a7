import { sql } from 'drizzle-orm'
import { db, resultRows, type DbOrTx } from '~db/client.server'
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

/**
 * A mark that moves whenever a change people (or the app on a printer's word) made is committed: every such change
 * writes its audit row in its own transaction. `top` is the newest audit id; `recent` counts the rows among the last 256
 * ids, so a transaction that drew a lower id but committed after a newer one still moves the mark when it lands.
 * Unlike the database snapshot it does not move for writes nobody made by hand — the live printers' state every
 * quarter second, sessions — so a page that polls it reloads only for real changes. Two index lookups.
 */
export async function changeMark(): Promise<string> {
  const [row] = resultRows<{ top: string | number | null; recent: string | number }>(
    await db.execute(sql`
      with t as (select coalesce(max(id), 0) as top from audit_log)
      select t.top, (select count(*) from audit_log a where a.id > t.top - 256) as recent from t`),
  )
  return `${row?.top ?? 0}.${row?.recent ?? 0}`
}
