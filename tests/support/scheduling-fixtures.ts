/**
 * A small shop straight in the database for scheduling tests: printers, filament + spools, products, orders, print jobs
 * and maintenance windows, plus read-back helpers (rows, audit rows, a whole-state snapshot for "nothing changed").
 *
 * Every instant is fixed (no wall clock): `at(h)` is `BASE` + h hours, with BASE = 2030-03-04 00:00 UTC = 09:00 in the
 * test shop's zone (Asia/Seoul, set by tests/support/db-setup.ts), far enough in the future that the model's "search
 * for a free slot from now on" never depends on the day the tests run.
 */
import { asc, eq, sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, filaments, maintenanceWindows, orders, printers, printJobs, products, productStockMoves, spools, spoolUsage } from '~db/schema'
import type { WeeklyCalendar } from '~/domain/printers/calendar'
import { finishJob, type FinishInput } from '~/models/scheduling/job-output.server'
import { getJob, type JobView } from '~/models/scheduling/job-queries.server'
import { startJob } from '~/models/scheduling/job-edits.server'
import type { Actor } from '~/utils/audit.server'

let seq = 0
const next = () => `${++seq}${process.pid % 1000}`

export const MINUTE = 60_000
export const HOUR = 3_600_000
/** 2030-03-04 00:00 UTC = 09:00 shop time (Asia/Seoul, UTC+9, no DST). */
export const BASE = new Date('2030-03-04T00:00:00.000Z')
/** BASE + hours (fractions allowed). */
export const at = (hours: number) => new Date(BASE.getTime() + Math.round(hours * HOUR))
/** Shop-local date of BASE (for getOrder's `today`). */
export const TODAY = '2030-03-04'

export const allDay: WeeklyCalendar = { 0: [{ startMin: 0, endMin: 1440 }], 1: [{ startMin: 0, endMin: 1440 }], 2: [{ startMin: 0, endMin: 1440 }], 3: [{ startMin: 0, endMin: 1440 }], 4: [{ startMin: 0, endMin: 1440 }], 5: [{ startMin: 0, endMin: 1440 }], 6: [{ startMin: 0, endMin: 1440 }] }
/** Every day startMin–endMin shop time (default 09:00–21:00 = 00:00–12:00 UTC). */
export const dayShift = (startMin = 9 * 60, endMin = 21 * 60): WeeklyCalendar =>
  Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ startMin, endMin }]])) as WeeklyCalendar

/**
 * Empties the tables these tests touch before each test (db-setup empties everything only once per file, and a plan
 * covers every open order of the shop, so tests of one file must not see each other's rows).
 */
export async function resetScheduling() {
  await db.execute(
    sql.raw(
      'truncate print_jobs, product_stock_moves, maintenance_windows, orders, products, spool_usage, spools, filaments, printers, audit_log restart identity cascade',
    ),
  )
}

export async function makePrinter(o: Partial<typeof printers.$inferInsert> = {}) {
  const n = next()
  const [p] = await db
    .insert(printers)
    .values({ assetId: `P-${n}`, name: `Printer ${n}`, calendar: allDay, materials: ['PLA'], changeoverMinutes: 0, ...o })
    .returning()
  return p
}

export async function makeFilament(material = 'PLA', colourName = 'Black', spoolGrams: string[] = ['1000.0']) {
  const [f] = await db.insert(filaments).values({ material, colourName, colourHex: '#111111', brand: `B${next()}` }).returning()
  const spoolIds: string[] = []
  for (const [i, g] of spoolGrams.entries()) {
    const [s] = await db
      .insert(spools)
      .values({ filamentId: f.id, batch: `L${i + 1}`, initialNetGrams: g, remainingGrams: g, tareGrams: '200.0', receivedOn: `2026-01-${String(i + 1).padStart(2, '0')}` })
      .returning({ id: spools.id })
    spoolIds.push(s.id)
  }
  return { filament: f, spoolIds }
}

/** Defaults: 10.00 g per unit, 60 min per plate, 4 units per plate. */
export async function makeProduct(filamentId: string | null, o: Partial<typeof products.$inferInsert> = {}) {
  const [p] = await db
    .insert(products)
    .values({ name: `Product ${next()}`, filamentId, gramsPerUnit: '10.00', printMinutesPerPlate: 60, unitsPerPlate: 4, ...o })
    .returning()
  return p
}

let orderSeq = 0
/**
 * Defaults: target 8, priority 1, created before BASE — each order a minute after the previous one, so orders made one
 * after the other are planned in that order (equal creation times would fall back to the random uuid).
 */
export async function makeOrder(productId: string, o: Partial<typeof orders.$inferInsert> = {}) {
  const createdAt = new Date(at(-1000).getTime() + ++orderSeq * MINUTE)
  const [row] = await db
    .insert(orders)
    .values({ reference: `PO-${next()}`, productId, targetQuantity: 8, createdAt, ...o })
    .returning()
  return row
}

export async function makeWindow(printerId: string, startsAt: Date, endsAt: Date, reason = 'nozzle swap') {
  const [w] = await db.insert(maintenanceWindows).values({ printerId, startsAt, endsAt, reason }).returning()
  return w
}

type ProductRow = typeof products.$inferSelect
type FilamentRow = typeof filaments.$inferSelect

/**
 * A print job inserted directly (any status), with the product's figures copied as the model does. `units` defaults to a
 * full plate; material/colour come from `filament` when given.
 */
export async function insertJob(o: {
  orderId: string
  product: ProductRow
  printerId: string
  startsAt: Date
  endsAt: Date
  filament?: FilamentRow | null
  status?: 'planned' | 'printing' | 'done' | 'failed' | 'cancelled'
  locked?: boolean
  units?: number
  extra?: Partial<typeof printJobs.$inferInsert>
}) {
  const status = o.status ?? 'planned'
  const finished = status === 'done' || status === 'failed'
  const [row] = await db
    .insert(printJobs)
    .values({
      orderId: o.orderId,
      productId: o.product.id,
      printerId: o.printerId,
      status,
      locked: o.locked ?? false,
      source: o.locked ? 'manual' : 'auto',
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      units: o.units ?? o.product.unitsPerPlate,
      unitsPerPlate: o.product.unitsPerPlate,
      minutesPerPlate: o.product.printMinutesPerPlate,
      gramsPerUnit: o.product.gramsPerUnit,
      filamentId: o.filament?.id ?? o.product.filamentId,
      material: o.filament?.material ?? 'PLA',
      colour: o.filament?.colourName ?? 'Black',
      actualStart: status === 'planned' || status === 'cancelled' ? null : o.startsAt,
      actualEnd: finished ? o.endsAt : null,
      goodUnits: finished ? (o.units ?? o.product.unitsPerPlate) : null,
      scrapUnits: finished ? 0 : null,
      ...o.extra,
    })
    .returning()
  return row
}

/** The raw rows of print_jobs (of one order, or all), in start order. */
export async function jobRows(orderId?: string) {
  const q = db.select().from(printJobs)
  return (orderId ? q.where(eq(printJobs.orderId, orderId)) : q).orderBy(asc(printJobs.startsAt), asc(printJobs.id))
}

export async function jobRow(id: string) {
  const [row] = await db.select().from(printJobs).where(eq(printJobs.id, id))
  return row
}

export async function auditRows(action?: string) {
  const q = db.select().from(auditLog)
  return (action ? q.where(eq(auditLog.action, action)) : q).orderBy(asc(auditLog.id))
}

export async function usageRows(spoolId?: string) {
  const q = db.select().from(spoolUsage)
  return (spoolId ? q.where(eq(spoolUsage.spoolId, spoolId)) : q).orderBy(asc(spoolUsage.id))
}

export async function stockMoves(productId?: string) {
  const q = db.select().from(productStockMoves)
  return (productId ? q.where(eq(productStockMoves.productId, productId)) : q).orderBy(asc(productStockMoves.id))
}

/** Remaining grams of a spool as the DB numeric text ("985.0") and its status. */
export async function spoolState(id: string) {
  const [s] = await db.select({ remaining: spools.remainingGrams, status: spools.status }).from(spools).where(eq(spools.id, id))
  return s
}

export async function printHours(printerId: string) {
  const [p] = await db.select({ printHours: printers.printHours }).from(printers).where(eq(printers.id, printerId))
  return p.printHours
}

/** Everything a scheduling operation may write, for "nothing changed" assertions. */
export async function snapshot() {
  return {
    jobs: await db.select().from(printJobs).orderBy(asc(printJobs.id)),
    spools: await db.select().from(spools).orderBy(asc(spools.id)),
    usage: await db.select().from(spoolUsage).orderBy(asc(spoolUsage.id)),
    moves: await db.select().from(productStockMoves).orderBy(asc(productStockMoves.id)),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
    printers: await db.select().from(printers).orderBy(asc(printers.id)),
    orders: await db.select().from(orders).orderBy(asc(orders.id)),
  }
}

export const actor = (id: string | null = null, username = 'tester'): Actor => ({ id, username })

/** Finish input with defaults: done, whole plate good, no scrap, planned grams, FIFO. */
export const finishWith = (o: Partial<FinishInput> = {}): FinishInput => ({ outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '', spoolId: null, ...o })

/** Starts a planned job at `startAt` through the model and returns the printing job. */
export async function startAt(jobId: string, startAtInstant: Date, who: Actor = actor(null, 'operator')): Promise<JobView> {
  const job = (await getJob(jobId))!
  const r = await startJob(who, job.id, job.version, startAtInstant)
  expect(r, `start ${jobId}`).toMatchObject({ ok: true })
  return (await getJob(jobId))!
}

/** Starts (if planned) and finishes a job through the model; asserts both succeed. */
export async function runJob(jobId: string, o: { start?: Date; end: Date; input?: Partial<FinishInput>; who?: Actor }) {
  let job = (await getJob(jobId))!
  if (job.status === 'planned') job = await startAt(jobId, o.start ?? job.startsAt, o.who)
  const r = await finishJob(o.who ?? actor(null, 'operator'), job.id, job.version, finishWith(o.input), o.end)
  expect(r, `finish ${jobId}`).toMatchObject({ ok: true })
  return r as Extract<typeof r, { ok: true }>
}

/** The SQLSTATE of a database error, as raised by postgres-js or PGlite, directly or wrapped by drizzle. */
export function sqlState(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string } } | null
  return err?.cause?.code ?? err?.code
}

/** The message of a database error (drizzle wraps the driver's error as `cause`). */
export function dbMessage(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string } } | null
  return `${err?.message ?? ''} ${err?.cause?.message ?? ''}`
}
