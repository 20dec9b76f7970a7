/** Small database helpers the fuzz targets share: matrix rows, current versions, the newest audit row. */
import { desc, eq, sql } from 'drizzle-orm'
import { db, resultRows } from '~db/client.server'
import { auditLog } from '~db/schema'
import { matrix, type MatrixRow } from '../../support/authz-matrix'
import { targetKey } from './harness'

/** The matrix row of a route (+ method, + intent). */
export function rowOf(route: string, intent?: string, method: 'GET' | 'POST' = 'POST'): MatrixRow {
  const row = matrix.find((r) => r.route === route && r.method === method && r.intent === intent)
  if (!row) throw new Error(`no matrix row ${method} ${route} ${intent ?? ''}`)
  return row
}

/** Every POST row of the matrix, as report keys (the fuzz must cover them all). */
export function postRowKeys(): string[] {
  return matrix.filter((r) => r.method === 'POST').map((r) => targetKey(r))
}

/** The current `version` of a record as text ('' when it is gone). */
export async function versionOf(table: string, id: string): Promise<string> {
  const rows = resultRows<{ version: number }>(await db.execute(sql`select version from ${sql.identifier(table)} where id = ${id}`))
  return rows[0] ? String(rows[0].version) : ''
}

export async function lastAudit(action?: string) {
  const q = db.select().from(auditLog)
  const [row] = await (action ? q.where(eq(auditLog.action, action)) : q).orderBy(desc(auditLog.id)).limit(1)
  return row
}

/** `form.get` semantics after conform: trimmed by the schema, '' → the default. */
export const trimmed = (v: string | undefined) => (v ?? '').trim()
