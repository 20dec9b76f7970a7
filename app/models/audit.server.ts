import { and, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { auditRecordName } from '~/domain/audit'
import { db } from '~db/client.server'
import { apiTokens, auditLog, filaments, orders, printers, printJobs, products, spools, users, vibrationImports, vibrationMachines } from '~db/schema'

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
  const page = rows.slice(0, limit)
  const names = await recordNames(page.filter((r) => r.entityId && !auditRecordName(r.before, r.after)))
  return {
    rows: page.map((r) => ({ ...r, recordName: auditRecordName(r.before, r.after) ?? (r.entityId ? (names.get(`${r.entityType}:${r.entityId}`) ?? null) : null) })),
    nextBefore: rows.length > limit ? rows[limit - 1].id : null,
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The names of the records that rows without one in their before/after are about (a job is its order's reference and its
 * printer, a spool its filament and batch), looked up in one query per kind of record. Keyed "entityType:entityId".
 */
async function recordNames(rows: Array<{ entityType: string; entityId: string | null }>): Promise<Map<string, string>> {
  const ids = new Map<string, string[]>()
  for (const r of rows) if (r.entityId && UUID.test(r.entityId)) ids.set(r.entityType, [...(ids.get(r.entityType) ?? []), r.entityId])
  const names = new Map<string, string>()
  const put = (type: string, found: Array<{ id: string; name: string | null }>) => {
    for (const f of found) if (f.name) names.set(`${type}:${f.id}`, f.name)
  }
  const lookups: Record<string, (list: string[]) => Promise<Array<{ id: string; name: string | null }>>> = {
    user: (list) => db.select({ id: users.id, name: users.username }).from(users).where(inArray(users.id, list)),
    api_token: (list) => db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, list)),
    filament: (list) =>
      db
        .select({ id: filaments.id, name: sql<string>`concat_ws(' · ', ${filaments.material}, ${filaments.colourName}, ${filaments.brand})` })
        .from(filaments)
        .where(inArray(filaments.id, list)),
    spool: (list) =>
      db
        .select({ id: spools.id, name: sql<string>`concat_ws(' · ', ${filaments.material}, ${filaments.colourName}, ${spools.batch})` })
        .from(spools)
        .innerJoin(filaments, eq(filaments.id, spools.filamentId))
        .where(inArray(spools.id, list)),
    product: (list) => db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, list)),
    order: (list) => db.select({ id: orders.id, name: orders.reference }).from(orders).where(inArray(orders.id, list)),
    printer: (list) => db.select({ id: printers.id, name: printers.name }).from(printers).where(inArray(printers.id, list)),
    print_job: (list) =>
      db
        .select({ id: printJobs.id, name: sql<string>`nullif(concat_ws(' · ', ${orders.reference}, ${printers.name}), '')` })
        .from(printJobs)
        .leftJoin(orders, eq(orders.id, printJobs.orderId))
        .leftJoin(printers, eq(printers.id, printJobs.printerId))
        .where(inArray(printJobs.id, list)),
    vibration_machine: (list) => db.select({ id: vibrationMachines.id, name: vibrationMachines.name }).from(vibrationMachines).where(inArray(vibrationMachines.id, list)),
    vibration_import: (list) => db.select({ id: vibrationImports.id, name: vibrationImports.fileName }).from(vibrationImports).where(inArray(vibrationImports.id, list)),
  }
  await Promise.all([...ids].map(async ([type, list]) => (lookups[type] ? put(type, await lookups[type]([...new Set(list)])) : undefined)))
  return names
}

export async function auditFacets() {
  const [actions, entityTypes] = await Promise.all([
    db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action),
    db.selectDistinct({ v: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType),
  ])
  return { actions: actions.map((r) => r.v), entityTypes: entityTypes.map((r) => r.v) }
}

/**
 * Housekeeping: failed logins for usernames that do not exist (no user id: typos, guessing, password spraying) are kept
 * `days` (AUDIT_RETENTION_DAYS), then removed. Failed logins of real users and every other row stay.
 */
export async function purgeAnonymousFailedLogins(days: number): Promise<number> {
  const gone = await db
    .delete(auditLog)
    .where(and(eq(auditLog.action, 'login.failed'), isNull(auditLog.userId), lt(auditLog.at, sql`now() - make_interval(days => ${days}::int)`)))
    .returning({ id: auditLog.id })
  return gone.length
}
