/**
 * Finite-capacity auto-scheduler: turns orders' remaining units into plates placed on printers' free time.
 *
 * Rules (also in README.md):
 * - Orders are planned one after another in `compareOrdersForPlanning` order (priority desc, due asc with no due date
 *   last, createdAt asc, id). An order's plates are all placed before the next order is looked at, so a higher-ranked
 *   order is never pushed back by a lower-ranked one.
 * - Each plate goes on the compatible printer where it FINISHES EARLIEST (ties: lower printer id, see `compareIds`).
 *   A printer is compatible when its `supportedMaterials` is empty (= any) or contains the product's material
 *   (case-insensitive).
 * - A job must fit ENTIRELY inside ONE free interval. Free time = the printer's available intervals ∩ [now rounded up
 *   to the minute, horizonEnd) minus every fixed job widened by the printer's changeover on both sides. Touching
 *   available intervals are merged first, so on a 24 h calendar a multi-day print fits; on a 09–21 calendar a
 *   14-hour plate never does (it is reported as 'plate_longer_than_any_window').
 * - Changeover: consecutive jobs on a printer (planned or fixed, in either order) are at least `changeoverMinutes`
 *   apart in wall-clock time. The gap may fall in non-available time (e.g. overnight).
 * - Gaps are back-filled: a plate goes into the earliest free interval long enough for it, even one before jobs placed
 *   for earlier orders (which never delays those jobs: changeover around them is kept).
 * - Times are whole minutes: plate and changeover durations are rounded up to minutes, free intervals start on a minute.
 * - Plates: ⌈units ÷ unitsPerPlate⌉; all full except possibly the last. A partial plate takes a full plate's time by
 *   default (`partialPlateTiming: 'proportional'` scales it). When a plate does not fit, the order's remaining units
 *   are reported unscheduled (the order is not split around the failure).
 * - Everything is deterministic: the result depends only on the input values, not on the order of the input arrays.
 */

import {
  ceilToMinute,
  compareIds,
  compareOrdersForPlanning,
  intersectMsSpans,
  lengthWithin,
  materialKey,
  mergeMsSpans,
  minutesToMs,
  normaliseSpans,
  type MsSpan,
} from './ordering'
import { keepCandidates, plateDurationMs } from './keep'
import { buildFreeSpans, FreeTimeline } from './timeline'
import type {
  FilamentDemand,
  LateOrder,
  OrderOutcome,
  PlannedJob,
  PrinterLoad,
  ScheduleInput,
  ScheduleResult,
  SchedulerPrinter,
  SchedulerProduct,
  UnscheduledOrder,
  UnscheduledReason,
} from './types'

export const DEFAULT_HORIZON_DAYS = 90

/** `now` + `days` (default 90) — the usual `horizonEnd`. */
export function defaultHorizonEnd(now: Date, days: number = DEFAULT_HORIZON_DAYS): Date {
  return new Date(now.getTime() + days * 86_400_000)
}

/** True when `printer` may print `material` (empty supportedMaterials = any material; case-insensitive). */
export function isPrinterCompatible(printer: Pick<SchedulerPrinter, 'supportedMaterials'>, material: string): boolean {
  if (printer.supportedMaterials.length === 0) return true
  const key = materialKey(material)
  return printer.supportedMaterials.some((m) => materialKey(m) === key)
}

interface PrinterState {
  id: string
  /** Position in id order: the tie-break between equal finish times. */
  rank: number
  printer: SchedulerPrinter
  changeoverMs: number
  available: MsSpan[]
  fixed: MsSpan[]
  timeline: FreeTimeline
  /** Longest free interval before anything was planned. */
  initialMaxFreeMs: number
  /** Spans of the jobs of this plan (kept and new) on this printer. */
  planned: MsSpan[]
  /** Fixed jobs and every job of this plan so far: what the free list is rebuilt around when a stored job is kept. */
  occupied: MsSpan[]
}

interface Candidate {
  finish: number
  state: PrinterState
  slot: number
}

/** Min-heap of candidates by (finish, printer rank). */
class CandidateHeap {
  private readonly items: Candidate[] = []

  get size(): number {
    return this.items.length
  }

  private static less(a: Candidate, b: Candidate): boolean {
    return a.finish < b.finish || (a.finish === b.finish && a.state.rank < b.state.rank)
  }

  push(c: Candidate): void {
    const items = this.items
    items.push(c)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!CandidateHeap.less(items[i], items[parent])) break
      ;[items[i], items[parent]] = [items[parent], items[i]]
      i = parent
    }
  }

  pop(): Candidate | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && CandidateHeap.less(items[l], items[m])) m = l
        if (r < items.length && CandidateHeap.less(items[r], items[m])) m = r
        if (m === i) break
        ;[items[i], items[m]] = [items[m], items[i]]
        i = m
      }
    }
    return top
  }
}

function candidateOn(state: PrinterState, durationMs: number): Candidate | null {
  const slot = state.timeline.firstFit(durationMs)
  if (slot < 0) return null
  return { finish: state.timeline.starts[slot] + durationMs, state, slot }
}

/**
 * Keeps a stored job in its slot when the part of it from `startMs` on lies inside one free interval of the printer
 * now (calendar, maintenance, fixed jobs, jobs placed so far and the changeover around them): the slot is taken and the
 * printer's free list rebuilt around it. False (nothing changed) when it no longer fits.
 */
function keepSlot(state: PrinterState, job: { start: Date; end: Date }, startMs: number, horizonMs: number): boolean {
  const start = job.start.getTime()
  const end = job.end.getTime()
  const from = Math.max(start, startMs)
  const t = state.timeline
  let inside = false
  for (let k = 0; k < t.length && !inside; k++) inside = t.starts[k] <= from && end <= t.ends[k]
  if (!inside) return false
  state.occupied.push({ start, end })
  const c = state.changeoverMs
  state.timeline = new FreeTimeline(buildFreeSpans(state.available, state.occupied.map((o) => ({ start: o.start - c, end: o.end + c })), startMs, horizonMs))
  state.planned.push({ start, end })
  return true
}

function isValidProduct(p: SchedulerProduct | undefined): p is SchedulerProduct {
  return !!p && minutesToMs(p.minutesPerPlate) > 0 && Math.floor(p.unitsPerPlate) >= 1
}

/** Plans every order's remaining units onto the printers' free time. Pure and deterministic. */
export function autoSchedule(input: ScheduleInput): ScheduleResult {
  const nowMs = input.now.getTime()
  const horizonMs = input.horizonEnd.getTime()
  if (!Number.isFinite(nowMs) || !Number.isFinite(horizonMs)) throw new RangeError('autoSchedule: invalid now or horizonEnd')
  const startMs = ceilToMinute(nowMs)
  const partialTiming = input.options?.partialPlateTiming ?? 'full'
  const loadEndMs = Math.min(horizonMs, input.loadUntil?.getTime() ?? horizonMs)

  // Stored jobs that may keep their slot (stable re-planning, see keep.ts), by order.
  const candidates = input.keep?.length ? keepCandidates(input, input.keep) : new Map<string, never[]>()

  // ---- printers: free time computed once --------------------------------------------------------------------------
  const fixedByPrinter = new Map<string, MsSpan[]>()
  for (const job of input.fixedJobs) {
    const start = job.start.getTime()
    const end = job.end.getTime()
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue
    let list = fixedByPrinter.get(job.printerId)
    if (!list) fixedByPrinter.set(job.printerId, (list = []))
    list.push({ start, end })
  }

  const sortedPrinters = [...input.printers].sort((a, b) => compareIds(a.id, b.id))
  const states: PrinterState[] = []
  for (const printer of sortedPrinters) {
    if (states.length > 0 && states[states.length - 1].id === printer.id) continue // duplicate id: first one wins
    const changeoverMs = minutesToMs(printer.changeoverMinutes)
    const available = normaliseSpans(printer.available)
    const fixedRaw = fixedByPrinter.get(printer.id) ?? []
    const blocks = fixedRaw.map((f) => ({ start: f.start - changeoverMs, end: f.end + changeoverMs }))
    const timeline = new FreeTimeline(buildFreeSpans(available, blocks, startMs, horizonMs))
    states.push({
      id: printer.id,
      rank: states.length,
      printer,
      changeoverMs,
      available,
      fixed: mergeMsSpans(fixedRaw),
      timeline,
      initialMaxFreeMs: timeline.maxLength(),
      planned: [],
      occupied: [...fixedRaw],
    })
  }

  const stateById = new Map(states.map((s) => [s.id, s]))
  const compatibleCache = new Map<string, PrinterState[]>()
  const compatibleWith = (material: string): PrinterState[] => {
    const key = materialKey(material)
    let list = compatibleCache.get(key)
    if (!list) compatibleCache.set(key, (list = states.filter((s) => isPrinterCompatible(s.printer, material))))
    return list
  }

  const products = new Map<string, SchedulerProduct>()
  for (const p of input.products) if (!products.has(p.id)) products.set(p.id, p)

  // ---- orders, in planning order -----------------------------------------------------------------------------------
  const orders = input.orders
    .filter((o) => Number.isFinite(o.remainingUnits) && Math.floor(o.remainingUnits) > 0)
    .sort(compareOrdersForPlanning)

  const jobs: Omit<PlannedJob, 'sequence'>[] = []
  const unscheduled: UnscheduledOrder[] = []
  const outcomes: OrderOutcome[] = []

  orders.forEach((order, index) => {
    const units = Math.floor(order.remainingUnits)
    const product = products.get(order.productId)
    let planned = 0
    let plates = 0
    let lastEnd: number | null = null
    let failure: UnscheduledReason | null = null

    for (const k of candidates.get(order.id) ?? []) {
      // keepCandidates only offers jobs of valid products on known, compatible printers.
      const p = product!
      const state = stateById.get(k.printerId)
      if (planned + k.units > units || !state || !keepSlot(state, k, startMs, horizonMs)) continue
      plates++
      planned += k.units
      lastEnd = lastEnd === null ? k.end.getTime() : Math.max(lastEnd, k.end.getTime())
      jobs.push({
        orderId: order.id,
        productId: p.id,
        printerId: k.printerId,
        start: new Date(k.start.getTime()),
        end: new Date(k.end.getTime()),
        units: k.units,
        plateIndex: plates,
        material: p.material,
        colour: p.colour,
        filamentMg: k.units * p.gramsPerUnitMg,
        keptId: k.id,
      })
    }

    if (planned >= units) {
      // Everything this order needs is already in kept jobs.
    } else if (!isValidProduct(product)) {
      failure = 'invalid_product'
    } else {
      const compatible = compatibleWith(product.material)
      const perPlate = Math.floor(product.unitsPerPlate)
      if (compatible.length === 0) failure = 'no_compatible_printer'

      let heap: CandidateHeap | null = null
      let heapDurationMs = -1
      while (!failure && planned < units) {
        const plateUnits = Math.min(perPlate, units - planned)
        const durationMs = plateDurationMs(product, plateUnits, partialTiming)
        if (!heap || durationMs !== heapDurationMs) {
          // Candidates stay valid while only the chosen printer changes, so the heap is rebuilt only per duration.
          heap = new CandidateHeap()
          heapDurationMs = durationMs
          for (const s of compatible) {
            const c = candidateOn(s, durationMs)
            if (c) heap.push(c)
          }
        }
        const best = heap.pop()
        if (!best) {
          const longest = Math.max(...compatible.map((s) => s.initialMaxFreeMs))
          failure = longest > 0 && durationMs > longest ? 'plate_longer_than_any_window' : 'horizon_full'
          break
        }
        const { state } = best
        const span = state.timeline.take(best.slot, durationMs, state.changeoverMs)
        state.planned.push(span)
        state.occupied.push(span)
        plates++
        jobs.push({
          orderId: order.id,
          productId: product.id,
          printerId: state.id,
          start: new Date(span.start),
          end: new Date(span.end),
          units: plateUnits,
          plateIndex: plates,
          material: product.material,
          colour: product.colour,
          filamentMg: plateUnits * product.gramsPerUnitMg,
        })
        planned += plateUnits
        lastEnd = lastEnd === null ? span.end : Math.max(lastEnd, span.end)
        const next = candidateOn(state, durationMs)
        if (next) heap.push(next)
      }
    }

    if (failure) unscheduled.push({ orderId: order.id, units: units - planned, reason: failure })
    const due = order.dueDate && Number.isFinite(order.dueDate.getTime()) ? order.dueDate : null
    outcomes.push({
      orderId: order.id,
      rank: index + 1,
      plannedUnits: planned,
      unscheduledUnits: units - planned,
      plates,
      projectedFinish: lastEnd === null ? null : new Date(lastEnd),
      dueDate: due,
      latenessMs: lastEnd === null || !due ? null : lastEnd - due.getTime(),
    })
  })

  return {
    jobs: withSequences(jobs, states),
    late: lateOrders(outcomes),
    unscheduled,
    orders: outcomes,
    load: states.map((s) => printerLoad(s, nowMs, loadEndMs)),
    filament: filamentDemand(jobs),
  }
}

/** Sorts jobs (start, printer, order) and numbers them 1… per printer in time order. */
function withSequences(jobs: Omit<PlannedJob, 'sequence'>[], states: PrinterState[]): PlannedJob[] {
  const rank = new Map(states.map((s) => [s.id, s.rank]))
  const sorted = [...jobs].sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      (rank.get(a.printerId) ?? 0) - (rank.get(b.printerId) ?? 0) ||
      compareIds(a.orderId, b.orderId),
  )
  const counters = new Map<string, number>()
  return sorted.map((job) => {
    const sequence = (counters.get(job.printerId) ?? 0) + 1
    counters.set(job.printerId, sequence)
    return { ...job, sequence }
  })
}

function lateOrders(outcomes: OrderOutcome[]): LateOrder[] {
  const late: LateOrder[] = []
  for (const o of outcomes) {
    if (o.projectedFinish && o.dueDate && o.latenessMs !== null && o.latenessMs > 0) {
      late.push({
        orderId: o.orderId,
        projectedFinish: o.projectedFinish,
        dueDate: o.dueDate,
        latenessMs: o.latenessMs,
        fullyScheduled: o.unscheduledUnits === 0,
      })
    }
  }
  return late.sort((a, b) => b.latenessMs - a.latenessMs || compareIds(a.orderId, b.orderId))
}

function printerLoad(s: PrinterState, nowMs: number, untilMs: number): PrinterLoad {
  const availableMs = lengthWithin(s.available, nowMs, untilMs)
  // Fixed time counts only inside available time (a job running overnight on a 09–21 calendar is not extra capacity).
  const fixedMs = lengthWithin(intersectMsSpans(s.fixed, s.available), nowMs, untilMs)
  const plannedMs = lengthWithin(intersectMsSpans(mergeMsSpans(s.planned), s.available), nowMs, untilMs)
  return {
    printerId: s.id,
    availableMs,
    plannedMs,
    fixedMs,
    loadPct: availableMs > 0 ? ((plannedMs + fixedMs) / availableMs) * 100 : null,
  }
}

function filamentDemand(jobs: ReadonlyArray<Omit<PlannedJob, 'sequence'>>): FilamentDemand[] {
  const byKey = new Map<string, FilamentDemand>()
  for (const j of jobs) {
    const key = `${j.material}\u0000${j.colour}`
    const entry = byKey.get(key)
    if (entry) entry.mg += j.filamentMg
    else byKey.set(key, { material: j.material, colour: j.colour, mg: j.filamentMg })
  }
  return [...byKey.values()].sort(
    (a, b) => (a.material < b.material ? -1 : a.material > b.material ? 1 : a.colour < b.colour ? -1 : a.colour > b.colour ? 1 : 0),
  )
}
