/**
 * Stable re-planning: which stored planned jobs a new plan may keep exactly where they are.
 *
 * A planner who presses "Plan" again a few minutes later, with nothing changed, expects the same plan — not every job
 * slid a few minutes earlier. So the scheduler, when it comes to an order (in planning order), first keeps each of the
 * order's stored (unlocked, planned) jobs whose slot is still valid, and plans only the rest of the order. A stored job
 * is a CANDIDATE (this file) when:
 * - it has not started too long ago: its start is at or after `now − keepGraceMinutes` (an operator is probably about
 *   to start a job that was due a few minutes ago; one overdue by more is planned again), it ends after `now` and no
 *   later than the horizon end,
 * - its order still has units to plan, its product is valid, its units are 1…unitsPerPlate and it lasts exactly what
 *   the scheduler would give that plate (a changed print time re-plans it),
 * - its printer still exists and supports the product's material,
 * - no stored job on the same printer before it has lost its time: overdue (as above), outside the printer's calendar
 *   or in maintenance (its part from `now` on not inside one available interval), closer than the changeover to a
 *   fixed (printing or locked) job, or a changed plate time. From such a job on, the printer's stored jobs are all
 *   planned again, so a delay shifts the queue behind it instead of leaving a hole in front of it.
 * The scheduler then KEEPS a candidate when its order still needs its units (in time order) and its slot (from `now`
 * on) lies inside one free interval of the printer at that point: inside the calendar and maintenance, clear of fixed
 * jobs, of jobs placed for higher-ranked orders and of the changeover around them. So a new, more urgent order can
 * still take the place of a lower-ranked order's stored jobs (priority wins); an order ranked after every existing one
 * only adds its own jobs.
 */

import { compareIds, materialKey, minutesToMs, normaliseSpans, type MsSpan } from './ordering'
import type { ExistingPlannedJob, ScheduleInput, SchedulerProduct } from './types'

/** How long after its planned start a not-yet-started job still keeps its slot (default). */
export const DEFAULT_KEEP_GRACE_MINUTES = 15

function compatible(supported: ReadonlyArray<string>, material: string): boolean {
  if (supported.length === 0) return true
  const key = materialKey(material)
  return supported.some((m) => materialKey(m) === key)
}

/** The plate time the scheduler would give `units` of `product`. */
export function plateDurationMs(product: SchedulerProduct, units: number, timing: 'full' | 'proportional' = 'full'): number {
  const perPlate = Math.floor(product.unitsPerPlate)
  return units < perPlate && timing === 'proportional'
    ? minutesToMs((product.minutesPerPlate * units) / perPlate)
    : minutesToMs(product.minutesPerPlate)
}

function insideOne(spans: ReadonlyArray<MsSpan>, start: number, end: number): boolean {
  return spans.some((s) => s.start <= start && end <= s.end)
}

function clear(blocks: ReadonlyArray<MsSpan>, start: number, end: number, gapMs: number): boolean {
  return blocks.every((b) => b.end + gapMs <= start || end + gapMs <= b.start)
}

/** The stored jobs of `existing` that may keep their slot (rules above), by order id, each list in start order. */
export function keepCandidates(input: ScheduleInput, existing: ReadonlyArray<ExistingPlannedJob>): Map<string, ExistingPlannedJob[]> {
  const nowMs = input.now.getTime()
  const horizonMs = input.horizonEnd.getTime()
  const graceMs = minutesToMs(input.options?.keepGraceMinutes ?? DEFAULT_KEEP_GRACE_MINUTES)
  const timing = input.options?.partialPlateTiming ?? 'full'

  const products = new Map<string, SchedulerProduct>()
  for (const p of input.products) if (!products.has(p.id)) products.set(p.id, p)
  const orders = new Map(input.orders.map((o) => [o.id, o]))
  const printers = new Map<string, { supported: ReadonlyArray<string>; changeoverMs: number; available: MsSpan[]; fixed: MsSpan[] }>()
  for (const p of input.printers) {
    if (!printers.has(p.id)) printers.set(p.id, { supported: p.supportedMaterials, changeoverMs: minutesToMs(p.changeoverMinutes), available: normaliseSpans(p.available), fixed: [] })
  }
  for (const f of input.fixedJobs) {
    const start = f.start.getTime()
    const end = f.end.getTime()
    if (Number.isFinite(start) && Number.isFinite(end) && end > start) printers.get(f.printerId)?.fixed.push({ start, end })
  }

  const out = new Map<string, ExistingPlannedJob[]>()
  /** Per printer: the start of its first stored job that lost its time (later ones are planned again). */
  const breakAt = new Map<string, number>()
  const sorted = [...existing].sort((a, b) => a.start.getTime() - b.start.getTime() || compareIds(a.id, b.id))
  for (const job of sorted) {
    const start = job.start.getTime()
    const end = job.end.getTime()
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue
    const printer = printers.get(job.printerId)
    if (!printer || start >= (breakAt.get(job.printerId) ?? Infinity)) continue
    const order = orders.get(job.orderId)
    const product = order ? products.get(order.productId) : undefined
    const lostTime =
      start < nowMs - graceMs ||
      end <= nowMs ||
      !insideOne(printer.available, Math.max(start, nowMs), end) ||
      !clear(printer.fixed, start, end, printer.changeoverMs) ||
      (product !== undefined && end - start !== plateDurationMs(product, job.units, timing))
    if (lostTime) {
      breakAt.set(job.printerId, start)
      continue
    }
    if (end > horizonMs || !order || !product) continue
    const perPlate = Math.floor(product.unitsPerPlate)
    if (!(minutesToMs(product.minutesPerPlate) > 0) || perPlate < 1) continue
    if (!Number.isInteger(job.units) || job.units < 1 || job.units > perPlate) continue
    if (!compatible(printer.supported, product.material)) continue
    const list = out.get(order.id)
    if (list) list.push(job)
    else out.set(order.id, [job])
  }
  return out
}
