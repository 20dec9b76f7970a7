import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import { auditLog } from '~db/schema'

export interface AuditFilters {
  username?: string
  action?: string
  entityType?: string
  from?: Date
  to?: Date
  /** Keyset pagination: rows with an id below this one. */
  before?: number
}

export async function listAudit(f: AuditFilters, limit = 50) {
  const where: SQL[] = []
  if (f.username) where.push(eq(auditLog.username, f.username))
  if (f.action) where.push(eq(auditLog.action, f.action))
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType))
  if (f.from) where.push(gte(auditLog.at, f.from))
  if (f.to) where.push(lt(auditLog.at, f.to))
  if (f.before) where.push(lt(auditLog.id, f.before))
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1)
  return { rows: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1].id : null }
}

export async function auditFacets() {
  const [actions, entityTypes] = await Promise.all([
    db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action),
    db.selectDistinct({ v: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType),
  ])
  return { actions: actions.map((r) => r.v), entityTypes: entityTypes.map((r) => r.v) }
}
