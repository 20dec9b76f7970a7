/**
 * Scheduling: the plan (preview / apply), manual jobs, and recorded output. Every change is one transaction with its
 * audit row(s). The rules live in app/domain/scheduling; this module loads their inputs and writes their outputs.
 * See docs/decisions/007-scheduling.md.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { filaments, maintenanceWindows, orders, printers, printJobs, productStockMoves, products, spools, type PrintJobRow } from '~db/schema'
import { gramsNumericToMg, mgToDbNumeric, parseGrams, plannedUseMg } from '~/domain/inventory/mass'
import type { StockChangeError } from '~/domain/inventory/stock-change'
import { deriveOrderProgress } from '~/domain/orders'
import { availableIntervals, type WeeklyCalendar, type PrinterStatus } from '~/domain/printers/calendar'
import {
  autoSchedule,
  diffPlans,
  findOverlaps,
  isPrinterCompatible,
  nextFreeSlot,
  planFingerprint,
  reduceFuturePlannedJobs,
  DEFAULT_HORIZON_DAYS,
  type ExistingPlannedJob,
  type FixedJob,
  type PlanDiff,
  type ScheduleInput,
  type ScheduleResult,
  type SchedulerOrder,
  type SchedulerPrinter,
  type SchedulerProduct,
} from '~/domain/scheduling'
import type { JobStatus } from '~/domain/scheduling/jobs'
import { addDays, startOfLocalDate } from '~/domain/time/zoned'
import { audit, type Actor } from '~/utils/audit.server'
import { isExclusionViolation, retryLostRace } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { consumeFilament, returnFilamentForJob } from './inventory.server'
import { isUuid } from '~/utils/ids'

const MINUTE = 60_000
const DAY = 86_400_000

// ---- views -------------------------------------------------------------------------------------------------------------

export interface JobView {
  id: string
  orderId: string
  orderReference: string
  orderDueDate: string | null
  productId: string
  productName: string
  printerId: string
  printerName: string
  printerAssetId: string
  status: JobStatus
  locked: boolean
  source: string
  startsAt: Date
  endsAt: Date
  units: number
  unitsPerPlate: number
  minutesPerPlate: number
  gramsPerUnit: string
  filamentId: string | null
  material: string
  colour: string
  colourHex: string | null
  actualStart: Date | null
  actualEnd: Date | null
  goodUnits: number | null
  scrapUnits: number | null
  gramsUsed: string | null
  spoolId: string | null
  finishedByName: string | null
  note: string
  version: number
  updatedAt: Date
}

const jobColumns = {
  id: printJobs.id,
  orderId: printJobs.orderId,
  orderReference: orders.reference,
  orderDueDate: orders.dueDate,
  productId: printJobs.productId,
  productName: products.name,
  printerId: printJobs.printerId,
  printerName: printers.name,
  printerAssetId: printers.assetId,
  status: printJobs.status,
  locked: printJobs.locked,
  source: printJobs.source,
  startsAt: printJobs.startsAt,
  endsAt: printJobs.endsAt,
  units: printJobs.units,
  unitsPerPlate: printJobs.unitsPerPlate,
  minutesPerPlate: printJobs.minutesPerPlate,
  gramsPerUnit: printJobs.gramsPerUnit,
  filamentId: printJobs.filamentId,
  material: printJobs.material,
  colour: printJobs.colour,
  colourHex: filaments.colourHex,
  actualStart: printJobs.actualStart,
  actualEnd: printJobs.actualEnd,
  goodUnits: printJobs.goodUnits,
  scrapUnits: printJobs.scrapUnits,
  gramsUsed: printJobs.gramsUsed,
  spoolId: printJobs.spoolId,
  finishedByName: printJobs.finishedByName,
  note: printJobs.note,
  version: printJobs.version,
  updatedAt: printJobs.updatedAt,
}

const selectJobs = (tx: DbOrTx = db) =>
  tx
    .select(jobColumns)
    .from(printJobs)
    .innerJoin(orders, eq(orders.id, printJobs.orderId))
    .innerJoin(products, eq(products.id, printJobs.productId))
    .innerJoin(printers, eq(printers.id, printJobs.printerId))
    .leftJoin(filaments, eq(filaments.id, printJobs.filamentId))

export async function getJob(id: string, tx: DbOrTx = db): Promise<JobView | null> {
  if (!isUuid(id)) return null
  const [row] = await selectJobs(tx).where(eq(printJobs.id, id))
  return row ?? null
}

/** Jobs (not cancelled) whose slot touches [from, to), for the Gantt. */
export async function jobsBetween(from: Date, to: Date, printerIds?: string[]): Promise<JobView[]> {
  const where = [lt(printJobs.startsAt, to), gt(printJobs.endsAt, from), ne(printJobs.status, 'cancelled')]
  if (printerIds) where.push(inArray(printJobs.printerId, printerIds.length ? printerIds : ['00000000-0000-0000-0000-000000000000']))
  return selectJobs()
    .where(and(...where))
    .orderBy(asc(printJobs.printerId), asc(printJobs.startsAt))
}

/** An order's jobs, newest plan first (order detail page). */
export async function jobsOfOrder(orderId: string): Promise<JobView[]> {
  if (!isUuid(orderId)) return []
  return selectJobs().where(eq(printJobs.orderId, orderId)).orderBy(asc(printJobs.startsAt))
}

// ---- plan inputs -----------------------------------------------------------------------------------------------------

interface PrinterRowLite {
  id: string
  name: string
  assetId: string
  materials: string[]
  status: PrinterStatus
  calendar: WeeklyCalendar
  changeoverMinutes: number
}

async function loadPrinters(tx: DbOrTx): Promise<PrinterRowLite[]> {
  return tx
    .select({
      id: printers.id,
      name: printers.name,
      assetId: printers.assetId,
      materials: printers.materials,
      status: printers.status,
      calendar: printers.calendar,
      changeoverMinutes: printers.changeoverMinutes,
    })
    .from(printers)
    .where(ne(printers.status, 'retired'))
    .orderBy(asc(printers.assetId))
}

async function windowsByPrinter(tx: DbOrTx, printerIds: string[], from: Date, to: Date) {
  const out = new Map<string, Array<{ start: Date; end: Date; reason: string }>>()
  if (!printerIds.length) return out
  const rows = await tx
    .select({ printerId: maintenanceWindows.printerId, start: maintenanceWindows.startsAt, end: maintenanceWindows.endsAt, reason: maintenanceWindows.reason })
    .from(maintenanceWindows)
    .where(and(inArray(maintenanceWindows.printerId, printerIds), lt(maintenanceWindows.startsAt, to), gt(maintenanceWindows.endsAt, from)))
  for (const r of rows) out.set(r.printerId, [...(out.get(r.printerId) ?? []), { start: r.start, end: r.end, reason: r.reason }])
  return out
}

/** Available intervals of each printer in [from, to): calendar minus maintenance windows (status must be active). */
export async function printerAvailability(tx: DbOrTx, from: Date, to: Date, printerIds?: string[]) {
  const all = await loadPrinters(tx)
  const list = printerIds ? all.filter((p) => printerIds.includes(p.id)) : all
  const windows = await windowsByPrinter(
    tx,
    list.map((p) => p.id),
    from,
    to,
  )
  const timeZone = env().SHOP_TIME_ZONE
  return list.map((p) => ({
    printer: p,
    windows: windows.get(p.id) ?? [],
    available: availableIntervals({ calendar: p.calendar, status: p.status, maintenanceWindows: windows.get(p.id) ?? [], from, to, timeZone }),
  }))
}

interface PlanContext {
  input: ScheduleInput
  /** Unlocked planned jobs: what a plan may replace. */
  replaceable: ExistingPlannedJob[]
  products: Map<string, ProductLite>
  orderRefs: Map<string, { reference: string; dueDate: string | null; productId: string }>
  printerNames: Map<string, string>
}

interface ProductLite {
  id: string
  name: string
  minutesPerPlate: number
  unitsPerPlate: number
  gramsPerUnit: string
  wastePct: string
  filamentId: string | null
  material: string
  colour: string
}

async function loadProducts(tx: DbOrTx, ids: string[]): Promise<Map<string, ProductLite>> {
  if (!ids.length) return new Map()
  const rows = await tx
    .select({
      id: products.id,
      name: products.name,
      minutesPerPlate: products.printMinutesPerPlate,
      unitsPerPlate: products.unitsPerPlate,
      gramsPerUnit: products.gramsPerUnit,
      wastePct: products.wastePct,
      filamentId: products.filamentId,
      material: sql<string>`coalesce(${filaments.material}, '')`,
      colour: sql<string>`coalesce(${filaments.colourName}, '')`,
    })
    .from(products)
    .leftJoin(filaments, eq(filaments.id, products.filamentId))
    .where(inArray(products.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

/** A due date (shop-local day) as the instant it ends: late = finishing after the end of that day. */
export function dueInstant(dueDate: string, timeZone = env().SHOP_TIME_ZONE): Date {
  return startOfLocalDate(addDays(dueDate, 1), timeZone)
}

/** Good units recorded per order (done and failed jobs) and whether any job has started. */
async function outputByOrder(tx: DbOrTx, orderIds: readonly string[]) {
  const out = new Map<string, { producedGood: number; hasStartedJobs: boolean; heldUnits: number }>()
  if (!orderIds.length) return out
  const rows = await tx
    .select({
      orderId: printJobs.orderId,
      producedGood: sql<string>`coalesce(sum(${printJobs.goodUnits}) filter (where ${printJobs.status} in ('done', 'failed')), 0)`,
      started: sql<boolean>`coalesce(bool_or(${printJobs.status} in ('printing', 'done', 'failed')), false)`,
      held: sql<string>`coalesce(sum(${printJobs.units}) filter (where ${printJobs.status} = 'printing' or (${printJobs.status} = 'planned' and ${printJobs.locked})), 0)`,
    })
    .from(printJobs)
    .where(inArray(printJobs.orderId, [...orderIds]))
    .groupBy(printJobs.orderId)
  for (const r of rows) out.set(r.orderId, { producedGood: Number(r.producedGood), hasStartedJobs: Boolean(r.started), heldUnits: Number(r.held) })
  return out
}

/** What the orders module shows as produced (see orders.server.ts `producedByOrder`). */
export async function recordedOutput(orderIds: readonly string[], tx: DbOrTx = db) {
  return outputByOrder(tx, orderIds)
}

async function loadPlanContext(tx: DbOrTx, now: Date, horizonDays = DEFAULT_HORIZON_DAYS): Promise<PlanContext> {
  const horizonEnd = new Date(now.getTime() + horizonDays * DAY)
  const openOrders = await tx
    .select({
      id: orders.id,
      reference: orders.reference,
      productId: orders.productId,
      priority: orders.priority,
      dueDate: orders.dueDate,
      createdAt: orders.createdAt,
      targetQuantity: orders.targetQuantity,
      stockOnHand: orders.stockOnHand,
    })
    .from(orders)
    .where(sql`${orders.cancelledAt} is null`)
  const output = await outputByOrder(
    tx,
    openOrders.map((o) => o.id),
  )
  const productMap = await loadProducts(tx, [...new Set(openOrders.map((o) => o.productId))])
  const timeZone = env().SHOP_TIME_ZONE
  const schedulerOrders: SchedulerOrder[] = []
  for (const o of openOrders) {
    const out = output.get(o.id) ?? { producedGood: 0, hasStartedJobs: false, heldUnits: 0 }
    const { remaining } = deriveOrderProgress({ targetQuantity: o.targetQuantity, stockOnHand: o.stockOnHand, producedGood: out.producedGood })
    const toPlan = remaining - out.heldUnits
    if (toPlan <= 0) continue
    schedulerOrders.push({
      id: o.id,
      productId: o.productId,
      priority: o.priority,
      dueDate: o.dueDate ? dueInstant(o.dueDate, timeZone) : null,
      createdAt: o.createdAt,
      remainingUnits: toPlan,
    })
  }
  const schedulerProducts: SchedulerProduct[] = [...productMap.values()].map((p) => ({
    id: p.id,
    minutesPerPlate: p.minutesPerPlate,
    unitsPerPlate: p.unitsPerPlate,
    material: p.material,
    colour: p.colour,
    gramsPerUnitMg: gramsNumericToMg(p.gramsPerUnit),
  }))
  const availability = await printerAvailability(tx, now, horizonEnd)
  const schedulerPrinters: SchedulerPrinter[] = availability.map((a) => ({
    id: a.printer.id,
    supportedMaterials: a.printer.materials,
    changeoverMinutes: a.printer.changeoverMinutes,
    available: a.available,
  }))
  const live = await tx
    .select({
      id: printJobs.id,
      orderId: printJobs.orderId,
      printerId: printJobs.printerId,
      status: printJobs.status,
      locked: printJobs.locked,
      start: printJobs.startsAt,
      end: printJobs.endsAt,
      units: printJobs.units,
    })
    .from(printJobs)
    .where(inArray(printJobs.status, ['planned', 'printing']))
  const fixedJobs: FixedJob[] = []
  const replaceable: ExistingPlannedJob[] = []
  const soon = new Date(Math.ceil(now.getTime() / MINUTE) * MINUTE + MINUTE)
  for (const j of live) {
    if (j.status === 'printing') {
      // A print running past its expected end still holds the printer until someone finishes it.
      fixedJobs.push({ id: j.id, printerId: j.printerId, start: j.start, end: j.end > now ? j.end : soon })
    } else if (j.locked) {
      fixedJobs.push({ id: j.id, printerId: j.printerId, start: j.start, end: j.end })
    } else {
      replaceable.push({ id: j.id, orderId: j.orderId, printerId: j.printerId, start: j.start, end: j.end, units: j.units })
    }
  }
  return {
    input: { now, horizonEnd, orders: schedulerOrders, products: schedulerProducts, printers: schedulerPrinters, fixedJobs },
    replaceable,
    products: productMap,
    orderRefs: new Map(openOrders.map((o) => [o.id, { reference: o.reference, dueDate: o.dueDate, productId: o.productId }])),
    printerNames: new Map(availability.map((a) => [a.printer.id, `${a.printer.assetId} · ${a.printer.name}`])),
  }
}

// ---- preview / apply -------------------------------------------------------------------------------------------------

export interface PlanPreview {
  now: Date
  horizonEnd: Date
  result: ScheduleResult
  diff: PlanDiff
  fingerprint: string
  orderRefs: Map<string, { reference: string; dueDate: string | null; productId: string }>
  printerNames: Map<string, string>
  productNames: Map<string, string>
  /** The new plan's filament use, in the inventory outlook's job shape (for the shortage check). */
  filamentJobs: Array<{ id: string; ref: string; orderId: string; filamentId: string | null; material: string; colour: string; plannedStart: Date; plannedUseMg: number }>
}

function planFromContext(ctx: PlanContext) {
  const result = autoSchedule(ctx.input)
  const diff = diffPlans(ctx.replaceable, result.jobs)
  return { result, diff, fingerprint: planFingerprint(result) }
}

const filamentUseMg = (units: number, gramsPerUnit: string, wastePct: string) => plannedUseMg(units, gramsNumericToMg(gramsPerUnit), Number(wastePct))

/** The plan the scheduler would make at `now`, compared with the stored plan. Read-only. */
export async function previewPlan(now: Date): Promise<PlanPreview> {
  const ctx = await loadPlanContext(db, now)
  const { result, diff, fingerprint } = planFromContext(ctx)
  return {
    now,
    horizonEnd: ctx.input.horizonEnd,
    result,
    diff,
    fingerprint,
    orderRefs: ctx.orderRefs,
    printerNames: ctx.printerNames,
    productNames: new Map([...ctx.products.values()].map((p) => [p.id, p.name])),
    filamentJobs: result.jobs.map((j, i) => {
      const p = ctx.products.get(j.productId)!
      return {
        id: `new-${i}`,
        ref: ctx.orderRefs.get(j.orderId)?.reference ?? '',
        orderId: j.orderId,
        filamentId: p.filamentId,
        material: p.material,
        colour: p.colour,
        plannedStart: j.start,
        plannedUseMg: filamentUseMg(j.units, p.gramsPerUnit, p.wastePct),
      }
    }),
  }
}

/** How old a preview may be when it is applied (its `now` is reused so the plan is exactly the one shown). */
export const PREVIEW_MAX_AGE_MS = 15 * MINUTE

export type ApplyResult =
  | { ok: true; added: number; moved: number; removed: number; unchanged: number }
  | { ok: false; reason: 'stale' | 'expired' }

/**
 * Applies the plan previewed at `previewNow` if it is still the same plan (same fingerprint): one transaction that
 * replaces only unlocked planned jobs (printing, finished and locked jobs are never touched), with one audit row.
 * Nothing changed → nothing written.
 */
export async function applyPlan(actor: Actor, previewNow: Date, fingerprint: string, serverNow: Date): Promise<ApplyResult> {
  const age = serverNow.getTime() - previewNow.getTime()
  if (!(age >= -MINUTE && age <= PREVIEW_MAX_AGE_MS)) return { ok: false, reason: 'expired' }
  // Jobs written by a concurrent manual placement can deadlock with the plan's on the exclusion constraint: run again.
  return retryLostRace(() => db.transaction(async (tx) => {
    // One planner at a time: a second "Apply" waits here, then finds the plan changed (stale).
    await tx.execute(sql`select pg_advisory_xact_lock(73310001)`)
    const ctx = await loadPlanContext(tx, previewNow)
    const { result, diff, fingerprint: current } = planFromContext(ctx)
    if (current !== fingerprint) return { ok: false as const, reason: 'stale' as const }
    const counts = { added: diff.added.length, moved: diff.moved.length, removed: diff.removed.length, unchanged: diff.unchanged.length }
    if (!diff.added.length && !diff.moved.length && !diff.removed.length) return { ok: true as const, ...counts }
    // Moving jobs one by one can cross another job's old slot: check the overlap constraint at commit then.
    if (diff.moved.length) await tx.execute(sql`set constraints print_jobs_no_overlap deferred`)
    // Chunked: PostgreSQL takes at most 65,535 parameters per statement.
    for (const ids of chunks(diff.removed.map((r) => r.id), 5_000)) await tx.delete(printJobs).where(inArray(printJobs.id, ids))
    for (const m of diff.moved) {
      await tx
        .update(printJobs)
        .set({ printerId: m.to.printerId, startsAt: m.to.start, endsAt: m.to.end, units: m.to.units, updatedAt: sql`now()`, version: sql`${printJobs.version} + 1` })
        .where(and(eq(printJobs.id, m.id), eq(printJobs.status, 'planned'), eq(printJobs.locked, false)))
    }
    for (const batch of chunks(diff.added, 1_000)) {
      await tx.insert(printJobs).values(
        batch.map((j) => {
          const p = ctx.products.get(j.productId)!
          return {
            orderId: j.orderId,
            productId: j.productId,
            printerId: j.printerId,
            status: 'planned' as const,
            source: 'auto',
            startsAt: j.start,
            endsAt: j.end,
            units: j.units,
            unitsPerPlate: p.unitsPerPlate,
            minutesPerPlate: p.minutesPerPlate,
            gramsPerUnit: p.gramsPerUnit,
            filamentId: p.filamentId,
            material: p.material,
            colour: p.colour,
            createdBy: actor.id,
          }
        }),
      )
    }
    await audit(tx, actor, {
      action: 'schedule.apply',
      entityType: 'schedule',
      entityId: fingerprint,
      after: {
        ...counts,
        previewAt: previewNow,
        late: result.late.map((l) => ({ orderId: l.orderId, latenessMs: l.latenessMs })),
        unscheduled: result.unscheduled,
        removedIds: diff.removed.map((r) => r.id),
        movedIds: diff.moved.map((m) => m.id),
      },
    })
    return { ok: true as const, ...counts }
  }))
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

// ---- manual jobs -------------------------------------------------------------------------------------------------------

export type JobProblem =
  | { code: 'not_found' }
  | { code: 'conflict'; current: JobView | null }
  | { code: 'unknown_order' }
  | { code: 'order_closed' }
  | { code: 'unknown_printer' }
  | { code: 'printer_inactive' }
  | { code: 'incompatible_material'; material: string }
  | { code: 'units_range'; max: number }
  | { code: 'end_before_start' }
  | { code: 'outside_calendar'; nextFree: Date | null }
  | { code: 'maintenance'; window: { start: Date; end: Date; reason: string }; nextFree: Date | null }
  | { code: 'overlap'; job: { id: string; orderReference: string; startsAt: Date; endsAt: Date }; nextFree: Date | null }
  | { code: 'not_planned' }
  | { code: 'not_printing' }
  | { code: 'not_finished' }
  | { code: 'printer_busy'; job: { id: string; orderReference: string } }
  | { code: 'blocked_by_locked'; job: { id: string; orderReference: string } }
  | { code: 'output_above_plate'; max: number }
  | { code: 'invalid_grams' }
  | { code: 'not_enough_filament'; shortMg: number }
  | { code: 'unknown_spool' }

export type JobResult<T = JobView> = { ok: true; job: T; notice?: Record<string, unknown> } | { ok: false; problem: JobProblem }

export interface SlotInput {
  printerId: string
  start: Date
  /** Defaults to start + the product's plate time. */
  end?: Date | null
  units: number
  locked: boolean
  /** The current instant (the next-free-slot search starts here); default: the clock. */
  now?: Date
}

/** Checks a slot for a job of `product` against calendars, maintenance and other live jobs on the printer. */
async function checkSlot(
  tx: DbOrTx,
  slot: { printerId: string; start: Date; end: Date; units: number; unitsPerPlate: number; material: string; ignoreJobId?: string; now?: Date },
): Promise<JobProblem | null> {
  if (!isUuid(slot.printerId)) return { code: 'unknown_printer' }
  const [printer] = await tx
    .select({ id: printers.id, status: printers.status, materials: printers.materials, calendar: printers.calendar, changeoverMinutes: printers.changeoverMinutes })
    .from(printers)
    .where(eq(printers.id, slot.printerId))
  if (!printer) return { code: 'unknown_printer' }
  if (printer.status !== 'active') return { code: 'printer_inactive' }
  if (!isPrinterCompatible({ supportedMaterials: printer.materials }, slot.material)) return { code: 'incompatible_material', material: slot.material }
  if (!Number.isSafeInteger(slot.units) || slot.units < 1 || slot.units > slot.unitsPerPlate) return { code: 'units_range', max: slot.unitsPerPlate }
  if (!(slot.end.getTime() > slot.start.getTime())) return { code: 'end_before_start' }

  const duration = slot.end.getTime() - slot.start.getTime()
  const nowMs = (slot.now ?? new Date()).getTime()
  const searchFrom = new Date(Math.min(slot.start.getTime(), nowMs))
  const searchTo = new Date(Math.max(slot.end.getTime(), nowMs) + DEFAULT_HORIZON_DAYS * DAY)
  const [avail] = await printerAvailability(tx, new Date(slot.start.getTime() - 2 * DAY), searchTo, [slot.printerId])
  const others = (
    await tx
      .select({ id: printJobs.id, start: printJobs.startsAt, end: printJobs.endsAt, orderReference: orders.reference })
      .from(printJobs)
      .innerJoin(orders, eq(orders.id, printJobs.orderId))
      .where(and(eq(printJobs.printerId, slot.printerId), inArray(printJobs.status, ['planned', 'printing']), gt(printJobs.endsAt, searchFrom)))
  ).filter((j) => j.id !== slot.ignoreJobId)
  const free = () =>
    nextFreeSlot(
      avail.available,
      others.map((o) => ({ printerId: slot.printerId, start: o.start, end: o.end })),
      duration,
      new Date(Math.max(slot.start.getTime(), nowMs)),
      { changeoverMinutes: printer.changeoverMinutes, notAfter: searchTo },
    )
  const window = avail.windows.find((w) => w.start < slot.end && w.end > slot.start)
  if (window) return { code: 'maintenance', window, nextFree: free()?.start ?? null }
  const gap = printer.changeoverMinutes * MINUTE
  const clash = others
    .filter((o) => o.start.getTime() < slot.end.getTime() + gap && o.end.getTime() + gap > slot.start.getTime())
    .sort((a, b) => a.start.getTime() - b.start.getTime())[0]
  if (clash) return { code: 'overlap', job: { id: clash.id, orderReference: clash.orderReference, startsAt: clash.start, endsAt: clash.end }, nextFree: free()?.start ?? null }
  const inside = avail.available.some((iv) => iv.start.getTime() <= slot.start.getTime() && iv.end.getTime() >= slot.end.getTime())
  if (!inside) return { code: 'outside_calendar', nextFree: free()?.start ?? null }
  return null
}

function normaliseOverlap(e: unknown): JobProblem | null {
  if (isExclusionViolation(e)) return { code: 'overlap', job: { id: '', orderReference: '', startsAt: new Date(0), endsAt: new Date(0) }, nextFree: null }
  return null
}

/** A hand-placed job (locked by default). */
export async function createManualJob(actor: Actor, orderId: string, slot: SlotInput): Promise<JobResult> {
  try {
    // A concurrent placement on the same slot ends in 23P01 or, as often, in a deadlock (40P01): run again to find out.
    return await retryLostRace(() => db.transaction(async (tx) => {
      if (!isUuid(orderId)) return { ok: false as const, problem: { code: 'unknown_order' as const } }
      const [order] = await tx.select({ id: orders.id, productId: orders.productId, cancelledAt: orders.cancelledAt }).from(orders).where(eq(orders.id, orderId))
      if (!order) return { ok: false as const, problem: { code: 'unknown_order' as const } }
      if (order.cancelledAt) return { ok: false as const, problem: { code: 'order_closed' as const } }
      const product = (await loadProducts(tx, [order.productId])).get(order.productId)!
      const end = slot.end ?? new Date(slot.start.getTime() + product.minutesPerPlate * MINUTE)
      const problem = await checkSlot(tx, { ...slot, end, unitsPerPlate: product.unitsPerPlate, material: product.material })
      if (problem) return { ok: false as const, problem }
      const [row] = await tx
        .insert(printJobs)
        .values({
          orderId,
          productId: product.id,
          printerId: slot.printerId,
          status: 'planned',
          locked: slot.locked,
          source: 'manual',
          startsAt: slot.start,
          endsAt: end,
          units: slot.units,
          unitsPerPlate: product.unitsPerPlate,
          minutesPerPlate: product.minutesPerPlate,
          gramsPerUnit: product.gramsPerUnit,
          filamentId: product.filamentId,
          material: product.material,
          colour: product.colour,
          createdBy: actor.id,
        })
        .returning({ id: printJobs.id })
      await audit(tx, actor, { action: 'job.create', entityType: 'print_job', entityId: row.id, after: { orderId, ...slot, end } })
      return { ok: true as const, job: (await getJob(row.id, tx))! }
    }))
  } catch (e) {
    const p = normaliseOverlap(e)
    if (p) return { ok: false, problem: p }
    throw e
  }
}

async function lockJob(tx: DbOrTx, id: string): Promise<PrintJobRow | null> {
  if (!isUuid(id)) return null
  const [row] = await tx.select().from(printJobs).where(eq(printJobs.id, id)).for('update')
  return row ?? null
}

async function guard(tx: DbOrTx, id: string, version: number): Promise<{ row: PrintJobRow } | { problem: JobProblem }> {
  const row = await lockJob(tx, id)
  if (!row) return { problem: { code: 'not_found' } }
  if (row.version !== version) return { problem: { code: 'conflict', current: await getJob(id, tx) } }
  return { row }
}

const bump = () => ({ updatedAt: sql`now()`, version: sql`${printJobs.version} + 1` })

/** Moves a planned job to another printer and/or start (keeps its length). A moved job is locked: the plan keeps it. */
export async function moveJob(actor: Actor, id: string, version: number, to: { printerId: string; start: Date; now?: Date }): Promise<JobResult> {
  try {
    return await retryLostRace(() => db.transaction(async (tx) => {
      const g = await guard(tx, id, version)
      if ('problem' in g) return { ok: false as const, problem: g.problem }
      const { row } = g
      if (row.status !== 'planned') return { ok: false as const, problem: { code: 'not_planned' as const } }
      const end = new Date(to.start.getTime() + (row.endsAt.getTime() - row.startsAt.getTime()))
      const problem = await checkSlot(tx, { printerId: to.printerId, start: to.start, end, units: row.units, unitsPerPlate: row.unitsPerPlate, material: row.material, ignoreJobId: id, now: to.now })
      if (problem) return { ok: false as const, problem }
      await tx.update(printJobs).set({ printerId: to.printerId, startsAt: to.start, endsAt: end, locked: true, ...bump() }).where(eq(printJobs.id, id))
      await audit(tx, actor, {
        action: 'job.move',
        entityType: 'print_job',
        entityId: id,
        before: { printerId: row.printerId, startsAt: row.startsAt, endsAt: row.endsAt, locked: row.locked },
        after: { printerId: to.printerId, startsAt: to.start, endsAt: end, locked: true },
      })
      return { ok: true as const, job: (await getJob(id, tx))! }
    }))
  } catch (e) {
    const p = normaliseOverlap(e)
    if (p) return { ok: false, problem: p }
    throw e
  }
}

export async function setJobLocked(actor: Actor, id: string, version: number, locked: boolean): Promise<JobResult> {
  return db.transaction(async (tx) => {
    const g = await guard(tx, id, version)
    if ('problem' in g) return { ok: false as const, problem: g.problem }
    if (g.row.status !== 'planned') return { ok: false as const, problem: { code: 'not_planned' as const } }
    await tx.update(printJobs).set({ locked, ...bump() }).where(eq(printJobs.id, id))
    await audit(tx, actor, { action: locked ? 'job.lock' : 'job.unlock', entityType: 'print_job', entityId: id, before: { locked: g.row.locked }, after: { locked } })
    return { ok: true as const, job: (await getJob(id, tx))! }
  })
}

export async function cancelJob(actor: Actor, id: string, version: number): Promise<JobResult> {
  return db.transaction(async (tx) => {
    const g = await guard(tx, id, version)
    if ('problem' in g) return { ok: false as const, problem: g.problem }
    if (g.row.status !== 'planned') return { ok: false as const, problem: { code: 'not_planned' as const } }
    await tx.update(printJobs).set({ status: 'cancelled', locked: false, ...bump() }).where(eq(printJobs.id, id))
    await audit(tx, actor, { action: 'job.cancel', entityType: 'print_job', entityId: id, before: { status: g.row.status }, after: { status: 'cancelled' } })
    return { ok: true as const, job: (await getJob(id, tx))! }
  })
}

// ---- start / finish / correct -----------------------------------------------------------------------------------------

/**
 * Starts a planned job now: its slot becomes [now, now + its length). Unlocked planned jobs that the new slot now
 * overlaps are released (deleted; their units go back to the next plan) and reported; a locked one blocks the start.
 * A printer prints one job at a time.
 */
export async function startJob(actor: Actor, id: string, version: number, now: Date): Promise<JobResult> {
  return db.transaction(async (tx) => {
    const g = await guard(tx, id, version)
    if ('problem' in g) return { ok: false as const, problem: g.problem }
    const { row } = g
    if (row.status !== 'planned') return { ok: false as const, problem: { code: 'not_planned' as const } }
    const start = new Date(Math.floor(now.getTime() / 1000) * 1000)
    const end = new Date(start.getTime() + (row.endsAt.getTime() - row.startsAt.getTime()))
    const live = await tx
      .select({ id: printJobs.id, status: printJobs.status, locked: printJobs.locked, start: printJobs.startsAt, end: printJobs.endsAt, orderReference: orders.reference })
      .from(printJobs)
      .innerJoin(orders, eq(orders.id, printJobs.orderId))
      .where(and(eq(printJobs.printerId, row.printerId), inArray(printJobs.status, ['planned', 'printing']), ne(printJobs.id, id)))
      .for('update', { of: printJobs })
    const busy = live.find((j) => j.status === 'printing')
    if (busy) return { ok: false as const, problem: { code: 'printer_busy' as const, job: { id: busy.id, orderReference: busy.orderReference } } }
    const overlapping = live.filter((j) => j.start < end && j.end > start)
    const locked = overlapping.find((j) => j.locked)
    if (locked) return { ok: false as const, problem: { code: 'blocked_by_locked' as const, job: { id: locked.id, orderReference: locked.orderReference } } }
    const released = overlapping.map((j) => j.id)
    if (released.length) await tx.delete(printJobs).where(inArray(printJobs.id, released))
    await tx
      .update(printJobs)
      .set({ status: 'printing', actualStart: start, startsAt: start, endsAt: end, startedBy: actor.id, ...bump() })
      .where(eq(printJobs.id, id))
    await audit(tx, actor, {
      action: 'job.start',
      entityType: 'print_job',
      entityId: id,
      before: { status: row.status, startsAt: row.startsAt, endsAt: row.endsAt },
      after: { status: 'printing', actualStart: start, expectedEnd: end, releasedJobIds: released },
    })
    return { ok: true as const, job: (await getJob(id, tx))!, notice: released.length ? { released: released.length } : undefined }
  })
}

export interface FinishInput {
  outcome: 'done' | 'failed'
  goodUnits: number
  scrapUnits: number
  /** Grams used, text with at most one decimal ("" = the job's planned grams). */
  grams: string
  /** A spool to draw from; null = FIFO across the job's material + colour. */
  spoolId: string | null
  note?: string
}

/**
 * Planned grams of a job: units × grams per unit, rounded UP to the next 0.1 g (grams used are stored with one decimal,
 * grams per unit have two) — the finish form's default.
 */
export function plannedGramsMg(job: Pick<JobView, 'units' | 'gramsPerUnit'>): number {
  return plannedUseMg(job.units, gramsNumericToMg(job.gramsPerUnit), 0)
}

/** Keeps an order's product-surplus ledger in step with its recorded output (idempotent; corrections move it back). */
async function syncOrderSurplus(tx: DbOrTx, actor: Actor, orderId: string, jobId: string | null) {
  const [o] = await tx
    .select({ productId: orders.productId, target: orders.targetQuantity, stock: orders.stockOnHand })
    .from(orders)
    .where(eq(orders.id, orderId))
  const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
  const excess = Math.max(0, o.stock + produced - o.target) - Math.max(0, o.stock - o.target)
  const [{ booked }] = await tx
    .select({ booked: sql<string>`coalesce(sum(${productStockMoves.units}), 0)` })
    .from(productStockMoves)
    .where(and(eq(productStockMoves.orderId, orderId), eq(productStockMoves.kind, 'overproduction')))
  const delta = excess - Number(booked)
  if (delta !== 0) {
    await tx.insert(productStockMoves).values({ productId: o.productId, units: delta, kind: 'overproduction', orderId, jobId, userId: actor.id, username: actor.username })
  }
  return { surplusDelta: delta, excess }
}

/** Drops or shrinks the order's unlocked planned jobs (latest first) that its recorded output has made unnecessary. */
async function reduceOrderPlan(tx: DbOrTx, orderId: string) {
  const [o] = await tx.select({ target: orders.targetQuantity, stock: orders.stockOnHand }).from(orders).where(eq(orders.id, orderId))
  const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
  const { remaining } = deriveOrderProgress({ targetQuantity: o.target, stockOnHand: o.stock, producedGood: produced })
  const live = await tx
    .select({ id: printJobs.id, status: printJobs.status, locked: printJobs.locked, start: printJobs.startsAt, end: printJobs.endsAt, units: printJobs.units, printerId: printJobs.printerId })
    .from(printJobs)
    .where(and(eq(printJobs.orderId, orderId), inArray(printJobs.status, ['planned', 'printing'])))
  const liveUnits = live.reduce((s, j) => s + j.units, 0)
  const notNeeded = liveUnits - remaining
  if (notNeeded <= 0) return { removedIds: [] as string[], shrunk: [] as Array<{ id: string; newUnits: number }> }
  const reducible = live
    .filter((j) => j.status === 'planned' && !j.locked)
    .map((j) => ({ id: j.id, orderId, printerId: j.printerId, start: j.start, end: j.end, units: j.units }))
  const r = reduceFuturePlannedJobs(reducible, notNeeded)
  if (r.removedIds.length) await tx.delete(printJobs).where(inArray(printJobs.id, r.removedIds))
  for (const s of r.shrunk) await tx.update(printJobs).set({ units: s.newUnits, ...bump() }).where(eq(printJobs.id, s.id))
  return { removedIds: r.removedIds, shrunk: r.shrunk }
}

function checkOutput(row: PrintJobRow, good: number, scrap: number, grams: string): JobProblem | { mg: number } {
  if (!Number.isSafeInteger(good) || !Number.isSafeInteger(scrap) || good < 0 || scrap < 0 || good + scrap > row.unitsPerPlate) {
    return { code: 'output_above_plate', max: row.unitsPerPlate }
  }
  const text = grams.trim() === '' ? mgToDbNumeric(plannedGramsMg(row)) : grams
  const parsed = parseGrams(text)
  if (!parsed.ok) return { code: 'invalid_grams' }
  return { mg: parsed.mg }
}

/**
 * Records a print's outcome in ONE transaction: job done/failed with its actuals; filament deducted (chosen spool or
 * FIFO); printer odometer advanced; the order's now-unneeded planned jobs dropped/shrunk; over-production booked as
 * product surplus; audit rows. Two operators finishing the same job: the second gets a conflict.
 */
export async function finishJob(actor: Actor, id: string, version: number, input: FinishInput, now: Date): Promise<JobResult> {
  return db.transaction(async (tx) => {
    const g = await guard(tx, id, version)
    if ('problem' in g) return { ok: false as const, problem: g.problem }
    const { row } = g
    if (row.status !== 'printing') return { ok: false as const, problem: { code: 'not_printing' as const } }
    const checked = checkOutput(row, input.goodUnits, input.scrapUnits, input.grams)
    if ('code' in checked) return { ok: false as const, problem: checked }
    if (input.spoolId !== null && !isUuid(input.spoolId)) return { ok: false as const, problem: { code: 'unknown_spool' as const } }
    // Checked before the job row names it (its foreign key would otherwise fail, also when no grams are drawn).
    if (input.spoolId !== null && !(await tx.select({ id: spools.id }).from(spools).where(eq(spools.id, input.spoolId))).length) {
      return { ok: false as const, problem: { code: 'unknown_spool' as const } }
    }
    const end = new Date(Math.max(Math.floor(now.getTime() / 1000) * 1000, (row.actualStart ?? row.startsAt).getTime() + 1000))
    await tx
      .update(printJobs)
      .set({
        status: input.outcome,
        actualEnd: end,
        endsAt: end,
        goodUnits: input.goodUnits,
        scrapUnits: input.scrapUnits,
        gramsUsed: mgToDbNumeric(checked.mg),
        spoolId: input.spoolId,
        finishedBy: actor.id,
        finishedByName: actor.username,
        note: input.note ?? row.note,
        ...bump(),
      })
      .where(eq(printJobs.id, id))
    if (checked.mg > 0) {
      const reason = `job ${id}`
      const consumed = await consumeFilament(
        tx,
        input.spoolId ? { grams: mgToDbNumeric(checked.mg), reason, jobId: id, spoolId: input.spoolId } : { grams: mgToDbNumeric(checked.mg), reason, jobId: id, material: row.material, colour: row.colour },
        actor,
      )
      if (!consumed.ok) throw new Abort(shortage(consumed))
    }
    const hours = (end.getTime() - (row.actualStart ?? row.startsAt).getTime()) / 3_600_000
    await tx
      .update(printers)
      .set({ printHours: sql`round(${printers.printHours} + ${hours.toFixed(4)}::numeric, 1)` })
      .where(eq(printers.id, row.printerId))
    const reduced = await reduceOrderPlan(tx, row.orderId)
    const surplus = await syncOrderSurplus(tx, actor, row.orderId, id)
    await audit(tx, actor, {
      action: 'job.finish',
      entityType: 'print_job',
      entityId: id,
      before: { status: row.status },
      after: {
        status: input.outcome,
        goodUnits: input.goodUnits,
        scrapUnits: input.scrapUnits,
        gramsUsed: mgToDbNumeric(checked.mg),
        spoolId: input.spoolId,
        actualEnd: end,
        printHours: Number(hours.toFixed(2)),
        removedJobIds: reduced.removedIds,
        shrunkJobs: reduced.shrunk,
        surplusDelta: surplus.surplusDelta,
      },
    })
    return { ok: true as const, job: (await getJob(id, tx))!, notice: { removed: reduced.removedIds.length, shrunk: reduced.shrunk.length, surplus: surplus.surplusDelta } }
  }).catch(aborted)
}

/** Thrown inside a transaction to roll it back and answer with a problem (nothing of the change is kept). */
class Abort extends Error {
  constructor(readonly problem: JobProblem) {
    super(problem.code)
  }
}

function aborted(e: unknown): { ok: false; problem: JobProblem } {
  if (e instanceof Abort) return { ok: false, problem: e.problem }
  throw e
}

function shortage(r: StockChangeError): JobProblem {
  if (r.code === 'spool_not_found' || r.code === 'spool_archived') return { code: 'unknown_spool' }
  if (r.code === 'invalid_amount') return { code: 'invalid_grams' }
  return { code: 'not_enough_filament', shortMg: r.code === 'insufficient' ? r.shortfallMg : 0 }
}

/**
 * Corrects a finished job's good/scrap units and grams: the difference in filament is drawn (more used) or given back to
 * the spools it came from (less used); order output, plan reduction and surplus follow. One transaction, one audit row.
 */
export async function correctJob(
  actor: Actor,
  id: string,
  version: number,
  input: { outcome: 'done' | 'failed'; goodUnits: number; scrapUnits: number; grams: string },
): Promise<JobResult> {
  return db
    .transaction(async (tx) => {
      const g = await guard(tx, id, version)
      if ('problem' in g) return { ok: false as const, problem: g.problem }
      const { row } = g
      if (row.status !== 'done' && row.status !== 'failed') return { ok: false as const, problem: { code: 'not_finished' as const } }
      const checked = checkOutput(row, input.goodUnits, input.scrapUnits, input.grams)
      if ('code' in checked) return { ok: false as const, problem: checked }
      const beforeMg = row.gramsUsed === null ? 0 : gramsNumericToMg(row.gramsUsed)
      const deltaMg = checked.mg - beforeMg
      if (deltaMg > 0) {
        const consumed = await consumeFilament(
          tx,
          row.spoolId
            ? { grams: mgToDbNumeric(deltaMg), reason: `correction of job ${id}`, jobId: id, spoolId: row.spoolId }
            : { grams: mgToDbNumeric(deltaMg), reason: `correction of job ${id}`, jobId: id, material: row.material, colour: row.colour },
          actor,
        )
        if (!consumed.ok) throw new Abort(shortage(consumed))
      } else if (deltaMg < 0) {
        await returnFilamentForJob(tx, actor, id, -deltaMg, `correction of job ${id}`)
      }
      await tx
        .update(printJobs)
        .set({ status: input.outcome, goodUnits: input.goodUnits, scrapUnits: input.scrapUnits, gramsUsed: mgToDbNumeric(checked.mg), ...bump() })
        .where(eq(printJobs.id, id))
      const reduced = await reduceOrderPlan(tx, row.orderId)
      const surplus = await syncOrderSurplus(tx, actor, row.orderId, id)
      // A correction can take back over-production that other orders already drew as stock: the ledger then goes below
      // zero. That is recorded as it is (the draws happened) and reported, so someone checks those orders' stock.
      const balance = await productSurplus(row.productId, tx)
      await audit(tx, actor, {
        action: 'job.correct',
        entityType: 'print_job',
        entityId: id,
        before: { status: row.status, goodUnits: row.goodUnits, scrapUnits: row.scrapUnits, gramsUsed: row.gramsUsed },
        after: {
          status: input.outcome,
          goodUnits: input.goodUnits,
          scrapUnits: input.scrapUnits,
          gramsUsed: mgToDbNumeric(checked.mg),
          filamentDeltaMg: deltaMg,
          removedJobIds: reduced.removedIds,
          surplusDelta: surplus.surplusDelta,
          surplusBalance: balance,
        },
      })
      return { ok: true as const, job: (await getJob(id, tx))!, notice: { surplusDeficit: Math.max(0, -balance) } }
    })
    .catch(aborted)
}

// ---- product surplus ---------------------------------------------------------------------------------------------------

/** Units of a product in the surplus ledger (over-production not yet drawn by another order). */
export async function productSurplus(productId: string, tx: DbOrTx = db): Promise<number> {
  if (!isUuid(productId)) return 0
  const [{ balance }] = await tx
    .select({ balance: sql<string>`coalesce(sum(${productStockMoves.units}), 0)` })
    .from(productStockMoves)
    .where(eq(productStockMoves.productId, productId))
  return Number(balance)
}

export type DrawResult = { ok: true; units: number } | { ok: false; reason: 'not_found' | 'conflict' | 'nothing_to_draw' }

/**
 * An open order takes units from its product's surplus as stock on hand (up to what it still needs). One transaction
 * with a ledger row and an audit row; the order's version guards against a concurrent edit. Its planned jobs shrink.
 */
export async function drawSurplus(actor: Actor, orderId: string, version: number): Promise<DrawResult> {
  if (!isUuid(orderId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const [o] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
    if (!o) return { ok: false as const, reason: 'not_found' as const }
    if (o.version !== version) return { ok: false as const, reason: 'conflict' as const }
    // Serialise draws of one product: lock the product row.
    await tx.select({ id: products.id }).from(products).where(eq(products.id, o.productId)).for('update')
    const balance = await productSurplus(o.productId, tx)
    const produced = (await outputByOrder(tx, [orderId])).get(orderId)?.producedGood ?? 0
    const { remaining } = deriveOrderProgress({ targetQuantity: o.targetQuantity, stockOnHand: o.stockOnHand, producedGood: produced })
    const units = o.cancelledAt ? 0 : Math.min(balance, remaining)
    if (units <= 0) return { ok: false as const, reason: 'nothing_to_draw' as const }
    await tx.insert(productStockMoves).values({ productId: o.productId, units: -units, kind: 'draw', orderId, userId: actor.id, username: actor.username })
    await tx
      .update(orders)
      .set({ stockOnHand: o.stockOnHand + units, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
      .where(eq(orders.id, orderId))
    const reduced = await reduceOrderPlan(tx, orderId)
    await audit(tx, actor, {
      action: 'order.draw_surplus',
      entityType: 'order',
      entityId: orderId,
      before: { stockOnHand: o.stockOnHand, surplusBalance: balance },
      after: { stockOnHand: o.stockOnHand + units, drawn: units, removedJobIds: reduced.removedIds },
    })
    return { ok: true as const, units }
  })
}

// ---- feeds for the other modules --------------------------------------------------------------------------------------

/** Jobs that ran on these printers and touch [from, to) (utilisation). */
export async function ranJobs(printerIds: string[], from: Date, to: Date) {
  if (!printerIds.length) return []
  return db
    .select({
      id: printJobs.id,
      printerId: printJobs.printerId,
      status: printJobs.status,
      actualStart: printJobs.actualStart,
      actualEnd: printJobs.actualEnd,
      goodUnits: printJobs.goodUnits,
      scrapUnits: printJobs.scrapUnits,
    })
    .from(printJobs)
    .where(
      and(
        inArray(printJobs.printerId, printerIds),
        isNotNull(printJobs.actualStart),
        lt(printJobs.actualStart, to),
        // A job ending exactly at `from` still counts here: its units belong to the period containing its end.
        or(sql`${printJobs.actualEnd} is null`, gte(printJobs.actualEnd, from)),
      ),
    )
}

/** Actuals of a product's done jobs (grams-per-unit suggestion). */
export async function doneJobActuals(productId: string) {
  if (!isUuid(productId)) return []
  const rows = await db
    .select({ goodUnits: printJobs.goodUnits, scrapUnits: printJobs.scrapUnits, gramsUsed: printJobs.gramsUsed })
    .from(printJobs)
    .where(and(eq(printJobs.productId, productId), eq(printJobs.status, 'done')))
    .orderBy(desc(printJobs.actualEnd))
    .limit(200)
  return rows.map((r) => ({ goodUnits: r.goodUnits ?? 0, scrapUnits: r.scrapUnits ?? 0, gramsUsedMg: r.gramsUsed === null ? null : gramsNumericToMg(r.gramsUsed) }))
}

/** Finished jobs, newest first (recent products). */
export async function latestFinishedJobs(limit: number) {
  return db
    .select({ productId: printJobs.productId, finishedAt: printJobs.actualEnd })
    .from(printJobs)
    .where(and(inArray(printJobs.status, ['done', 'failed']), isNotNull(printJobs.actualEnd)))
    .orderBy(desc(printJobs.actualEnd))
    .limit(limit)
}

/** Overlapping live jobs (should never exist: the database refuses them) and jobs over maintenance windows. */
export async function scheduleWarnings(from: Date, to: Date) {
  const jobs = await jobsBetween(from, to)
  const live = jobs.filter((j) => j.status === 'planned' || j.status === 'printing')
  const overlaps = findOverlaps(live.map((j) => ({ id: j.id, printerId: j.printerId, start: j.startsAt, end: j.endsAt })))
  const windows = await windowsByPrinter(db, [...new Set(live.map((j) => j.printerId))], from, to)
  return { overlaps, overMaintenance: liveJobsInMaintenance(jobs, windows).map((j) => j.id) }
}

/** The planned or printing jobs that run into a maintenance window of their printer (the Gantt's warning, too). */
export function liveJobsInMaintenance<J extends { status: string; printerId: string; startsAt: Date; endsAt: Date }>(
  jobs: readonly J[],
  windows: ReadonlyMap<string, ReadonlyArray<{ start: Date; end: Date }>>,
): J[] {
  return jobs.filter((j) => (j.status === 'planned' || j.status === 'printing') && (windows.get(j.printerId) ?? []).some((w) => w.start < j.endsAt && w.end > j.startsAt))
}
