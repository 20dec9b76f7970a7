/** Changing planned jobs by hand: place, move, lock/unlock, cancel, start. Each change is one transaction with its audit row. */
import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { orders, printers, printJobs } from '~db/schema'
import { checkSlotPrinter, checkSlotTime, checkStart, slotSearchRange } from '~/domain/scheduling/slot'
import { audit, type Actor } from '~/utils/audit.server'
import { isExclusionViolation, retryLostRace } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'
import { printerAvailability } from './availability.server'
import { bump, guard, type JobProblem, type JobResult } from './job-guard.server'
import { getJob } from './job-queries.server'
import { loadProducts } from './plan-inputs.server'

const MINUTE = 60_000
const DAY = 86_400_000

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
  const shape = checkSlotPrinter(printer, slot)
  if (shape) return shape

  const now = slot.now ?? new Date()
  const search = slotSearchRange(slot, now)
  const [avail] = await printerAvailability(tx, new Date(slot.start.getTime() - 2 * DAY), search.to, [slot.printerId])
  const others = (
    await tx
      .select({ id: printJobs.id, start: printJobs.startsAt, end: printJobs.endsAt, orderReference: orders.reference })
      .from(printJobs)
      .innerJoin(orders, eq(orders.id, printJobs.orderId))
      .where(and(eq(printJobs.printerId, slot.printerId), inArray(printJobs.status, ['planned', 'printing']), gt(printJobs.endsAt, search.from)))
  ).filter((j) => j.id !== slot.ignoreJobId)
  return checkSlotTime({ slot, now, searchTo: search.to, changeoverMinutes: printer.changeoverMinutes, available: avail.available, maintenance: avail.windows, others })
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

/**
 * Moves a planned job to another printer and/or start — keeping its length, or to a new `end` (a resize) — checked as a
 * new slot (calendar, maintenance, other jobs). A moved job is locked: the plan keeps it.
 */
export async function moveJob(actor: Actor, id: string, version: number, to: { printerId: string; start: Date; end?: Date; now?: Date }): Promise<JobResult> {
  try {
    return await retryLostRace(() => db.transaction(async (tx) => {
      const g = await guard(tx, id, version)
      if ('problem' in g) return { ok: false as const, problem: g.problem }
      const { row } = g
      if (row.status !== 'planned') return { ok: false as const, problem: { code: 'not_planned' as const } }
      const end = to.end ?? new Date(to.start.getTime() + (row.endsAt.getTime() - row.startsAt.getTime()))
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

/**
 * Starts a planned job now: its slot becomes [now, now + its length). Unlocked planned jobs that the new slot now
 * overlaps are released (deleted; their units go back to the next plan) and reported; a locked one blocks the start.
 * A printer prints one job at a time.
 *
 * Lock order: all live jobs of the printer (this one included) by id, before anything else. Two starts on one printer
 * then queue on the same first row instead of each holding its own job while waiting for the other's (a deadlock); the
 * second sees the first one printing and gets "printer busy". A deadlock with another kind of job action is run again.
 */
export async function startJob(actor: Actor, id: string, version: number, now: Date): Promise<JobResult> {
  if (!isUuid(id)) return { ok: false, problem: { code: 'not_found' } }
  return retryLostRace(() => db.transaction(async (tx) => {
    const live = await lockPrinterQueue(tx, id)
    if (live === 'moving') return { ok: false as const, problem: { code: 'conflict' as const, current: await getJob(id, tx) } }
    const g = await guard(tx, id, version)
    if ('problem' in g) return { ok: false as const, problem: g.problem }
    const { row } = g
    if (row.status !== 'planned') return { ok: false as const, problem: { code: 'not_planned' as const } }
    const start = new Date(Math.floor(now.getTime() / 1000) * 1000)
    const end = new Date(start.getTime() + (row.endsAt.getTime() - row.startsAt.getTime()))
    const clearance = checkStart(live!.filter((j) => j.id !== id), start, end)
    if ('problem' in clearance) return { ok: false as const, problem: clearance.problem }
    const { released } = clearance
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
  }))
}

/**
 * Locks the live (planned or printing) jobs of the printer job `id` is on, in id order, and returns them (null when the
 * job does not exist: the guard then answers). The job's printer is read before the lock: if a move took it to another
 * printer meanwhile, the new printer's queue is locked instead ('moving' if that keeps happening).
 */
async function lockPrinterQueue(tx: DbOrTx, id: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [job] = await tx.select({ printerId: printJobs.printerId }).from(printJobs).where(eq(printJobs.id, id))
    if (!job) return null
    const live = await tx
      .select({ id: printJobs.id, printerId: printJobs.printerId, status: printJobs.status, locked: printJobs.locked, start: printJobs.startsAt, end: printJobs.endsAt, orderReference: orders.reference })
      .from(printJobs)
      .innerJoin(orders, eq(orders.id, printJobs.orderId))
      .where(and(eq(printJobs.printerId, job.printerId), inArray(printJobs.status, ['planned', 'printing'])))
      .orderBy(asc(printJobs.id))
      .for('update', { of: printJobs })
    const [now] = await tx.select({ printerId: printJobs.printerId }).from(printJobs).where(eq(printJobs.id, id))
    if (!now) return null
    if (now.printerId === job.printerId) return live
  }
  return 'moving' as const
}
