/**
 * Property tests over random small shops: invariants of every plan, and equality with a deliberately naive reference
 * scheduler that works on a minute grid (no free lists, no heap, no segment tree).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { autoSchedule } from './scheduler'
import { compareIds, compareOrdersForPlanning } from './ordering'
import { MINUTE, T0 } from './test-factories'
import type {
  FixedJob,
  PartialPlateTiming,
  ScheduleInput,
  ScheduleResult,
  SchedulerOrder,
  SchedulerPrinter,
  SchedulerProduct,
  TimeSpan,
} from './types'

const RUNS = 500
const MATERIALS = ['PLA', 'PETG', 'TPU']
const PRINTER_IDS = ['1', '2', '10', 'a']
const SHOP_MINUTES = 4 * 24 * 60 // random times fall within four days of T0

/** Instant `minutes` (+ `ms`) after T0. */
const tm = (minutes: number, ms = 0) => new Date(T0 + minutes * MINUTE + ms)

// ---- generators -----------------------------------------------------------------------------------------------------

/** Mostly whole minutes, sometimes with a sub-minute part (to exercise rounding). */
const msPart = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 59_999 }) })

const spanArb: fc.Arbitrary<TimeSpan> = fc
  .tuple(fc.integer({ min: 0, max: SHOP_MINUTES }), fc.integer({ min: 5, max: 2_500 }), msPart, msPart)
  .map(([start, length, a, b]) => ({ start: tm(start, a), end: tm(start + length, b) }))

/** `spans` minus one span (a maintenance window). */
function subtractOne(spans: TimeSpan[], cut: TimeSpan): TimeSpan[] {
  const out: TimeSpan[] = []
  for (const s of spans) {
    if (cut.end <= s.start || cut.start >= s.end) out.push(s)
    else {
      if (cut.start > s.start) out.push({ start: s.start, end: cut.start })
      if (cut.end < s.end) out.push({ start: cut.end, end: s.end })
    }
  }
  return out
}

const printerArb = (id: string): fc.Arbitrary<SchedulerPrinter> =>
  fc.record({
    id: fc.constant(id),
    supportedMaterials: fc.subarray(MATERIALS),
    changeoverMinutes: fc.constantFrom(0, 0, 5, 15, 30, 60),
    available: fc.oneof(
      // Random spans, sometimes overlapping/unsorted: the scheduler merges defensively.
      fc.array(spanArb, { minLength: 0, maxLength: 6 }),
      // Windows separated by short gaps (shorter than some changeovers: checks the changeover across a gap).
      fc
        .tuple(
          fc.integer({ min: 0, max: 600 }),
          fc.array(fc.tuple(fc.integer({ min: 20, max: 600 }), fc.integer({ min: 1, max: 45 })), { minLength: 1, maxLength: 12 }),
        )
        .map(([from, pieces]) => {
          const out: TimeSpan[] = []
          let t = from
          for (const [length, gap] of pieces) {
            out.push({ start: tm(t), end: tm(t + length) })
            t += length + gap
          }
          return out
        }),
      // A 24 h calendar (one long interval, as touching days arrive merged) …
      fc.constant([{ start: tm(0), end: tm(SHOP_MINUTES + 24 * 60) }]),
      // … or daily windows, possibly cut by a maintenance gap.
      fc
        .tuple(fc.integer({ min: 0, max: 12 * 60 }), fc.integer({ min: 60, max: 12 * 60 }), fc.option(spanArb))
        .map(([from, length, gap]) => {
          const days: TimeSpan[] = []
          for (let d = 0; d < 5; d++) days.push({ start: tm(d * 1440 + from), end: tm(d * 1440 + from + length) })
          return gap ? subtractOne(days, gap) : days
        }),
    ),
  })

const productArb = (id: string): fc.Arbitrary<SchedulerProduct> =>
  fc.record({
    id: fc.constant(id),
    minutesPerPlate: fc.oneof(fc.integer({ min: 10, max: 900 }), fc.double({ min: 5, max: 600, noNaN: true })),
    unitsPerPlate: fc.integer({ min: 1, max: 4 }),
    material: fc.constantFrom(...MATERIALS),
    colour: fc.constantFrom('black', 'white'),
    gramsPerUnitMg: fc.integer({ min: 1, max: 50_000 }),
  })

const shopArb: fc.Arbitrary<ScheduleInput> = fc
  .record({
    printerIds: fc.uniqueArray(fc.constantFrom(...PRINTER_IDS), { minLength: 1, maxLength: 4 }),
    productCount: fc.integer({ min: 1, max: 3 }),
    nowMinutes: fc.integer({ min: 0, max: 24 * 60 }),
    nowMs: msPart,
    horizonMinutes: fc.oneof(
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 600 }) },
      { weight: 4, arbitrary: fc.integer({ min: 600, max: 4 * 24 * 60 }) },
    ),
    horizonMs: msPart,
    timing: fc.constantFrom<PartialPlateTiming>('full', 'proportional'),
  })
  .chain(({ printerIds, productCount, nowMinutes, nowMs, horizonMinutes, horizonMs, timing }) => {
    const productIds = Array.from({ length: productCount }, (_, i) => `p${i + 1}`)
    const orderArb: fc.Arbitrary<Omit<SchedulerOrder, 'id'>> = fc.record({
      productId: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...productIds) }, { weight: 1, arbitrary: fc.constant('missing') }),
      priority: fc.integer({ min: 0, max: 2 }),
      dueDate: fc.option(fc.integer({ min: 0, max: SHOP_MINUTES }).map((m) => tm(m))),
      createdAt: fc.integer({ min: -3, max: 0 }).map((d) => tm(d * 24 * 60)),
      remainingUnits: fc.integer({ min: -1, max: 12 }),
    })
    const fixedArb: fc.Arbitrary<FixedJob> = fc
      .tuple(fc.constantFrom(...printerIds), fc.integer({ min: -600, max: SHOP_MINUTES }), fc.integer({ min: 1, max: 900 }), msPart)
      .map(([printerId, start, length, ms]) => ({ printerId, start: tm(start, ms), end: tm(start + length, ms) }))
    return fc.record({
      now: fc.constant(tm(nowMinutes, nowMs)),
      horizonEnd: fc.constant(tm(nowMinutes + horizonMinutes, horizonMs)),
      printers: fc.tuple(...printerIds.map(printerArb)),
      products: fc.tuple(...productIds.map(productArb)),
      orders: fc
        .array(orderArb, { maxLength: 6 })
        .map((orders) => orders.map((o, i) => ({ ...o, id: String(i + 1) }))),
      fixedJobs: fc.array(fixedArb, { maxLength: 4 }),
      options: fc.constant({ partialPlateTiming: timing }),
    })
  })

// ---- naive reference --------------------------------------------------------------------------------------------------

interface RefJob {
  orderId: string
  printerId: string
  start: number
  end: number
  units: number
}

/**
 * Minute-grid scheduler with the documented rules and nothing clever: a minute is usable when it lies wholly inside
 * the union of available intervals and [now↑, horizon), and not within changeover of any job; each plate scans every
 * compatible printer from the start for the first run of free minutes long enough.
 */
function referenceSchedule(input: ScheduleInput): { jobs: RefJob[]; unscheduled: Map<string, number> } {
  const first = Math.ceil(input.now.getTime() / MINUTE)
  const last = Math.floor(input.horizonEnd.getTime() / MINUTE) // exclusive
  const n = Math.max(0, last - first)
  const printers = [...input.printers].sort((a, b) => compareIds(a.id, b.id))
  const free = new Map<string, Uint8Array>()
  const markBlocked = (grid: Uint8Array, startMs: number, endMs: number, coMin: number) => {
    const from = Math.floor(startMs / MINUTE) - coMin
    const to = Math.ceil(endMs / MINUTE) + coMin
    for (let m = Math.max(from, first); m < Math.min(to, last); m++) grid[m - first] = 0
  }
  for (const p of printers) {
    const grid = new Uint8Array(n)
    // A minute straddling two touching intervals is wholly available, hence the merge first.
    for (const a of mergeSpans(p.available)) {
      for (let m = Math.max(Math.ceil(a.start / MINUTE), first); m < Math.min(Math.floor(a.end / MINUTE), last); m++) grid[m - first] = 1
    }
    for (const f of input.fixedJobs) {
      if (f.printerId === p.id && f.end > f.start) markBlocked(grid, f.start.getTime(), f.end.getTime(), Math.ceil(p.changeoverMinutes))
    }
    free.set(p.id, grid)
  }
  const jobs: RefJob[] = []
  const unscheduled = new Map<string, number>()
  const orders = input.orders.filter((o) => o.remainingUnits > 0).sort(compareOrdersForPlanning)
  for (const o of orders) {
    const product = input.products.find((p) => p.id === o.productId)
    let left = o.remainingUnits
    if (product) {
      const compatible = printers.filter(
        (p) => p.supportedMaterials.length === 0 || p.supportedMaterials.some((m) => m.toUpperCase() === product.material.toUpperCase()),
      )
      while (left > 0) {
        const units = Math.min(product.unitsPerPlate, left)
        const minutes =
          units < product.unitsPerPlate && input.options?.partialPlateTiming === 'proportional'
            ? Math.ceil((product.minutesPerPlate * units) / product.unitsPerPlate)
            : Math.ceil(product.minutesPerPlate)
        let best: { printer: SchedulerPrinter; start: number } | null = null
        for (const p of compatible) {
          const grid = free.get(p.id)!
          let run = 0
          for (let i = 0; i < n; i++) {
            run = grid[i] ? run + 1 : 0
            if (run === minutes) {
              const start = i - minutes + 1
              if (!best || start + minutes < best.start + minutes) best = { printer: p, start }
              break
            }
          }
        }
        if (!best) break
        const startMs = (first + best.start) * MINUTE
        const endMs = startMs + minutes * MINUTE
        jobs.push({ orderId: o.id, printerId: best.printer.id, start: startMs, end: endMs, units })
        markBlocked(free.get(best.printer.id)!, startMs, endMs, Math.ceil(best.printer.changeoverMinutes))
        left -= units
      }
    }
    if (left > 0) unscheduled.set(o.id, left)
  }
  return { jobs, unscheduled }
}

function mergeSpans(spans: ReadonlyArray<TimeSpan>): Array<{ start: number; end: number }> {
  const sorted = spans
    .map((s) => ({ start: s.start.getTime(), end: s.end.getTime() }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start)
  const out: Array<{ start: number; end: number }> = []
  for (const s of sorted) {
    const lastSpan = out[out.length - 1]
    if (lastSpan && s.start <= lastSpan.end) lastSpan.end = Math.max(lastSpan.end, s.end)
    else out.push({ ...s })
  }
  return out
}

const canonical = (jobs: ReadonlyArray<RefJob>) =>
  [...jobs].sort((a, b) => a.start - b.start || compareIds(a.printerId, b.printerId))

// ---- invariant checks -------------------------------------------------------------------------------------------------

function checkInvariants(input: ScheduleInput, result: ScheduleResult): void {
  const printers = new Map(input.printers.map((p) => [p.id, p]))
  const products = new Map(input.products.map((p) => [p.id, p]))
  const orders = new Map(input.orders.map((o) => [o.id, o]))
  const earliest = Math.ceil(input.now.getTime() / MINUTE) * MINUTE

  for (const job of result.jobs) {
    const printer = printers.get(job.printerId)!
    const product = products.get(job.productId)!
    const order = orders.get(job.orderId)!
    // Inside [now↑, horizonEnd).
    expect(job.start.getTime()).toBeGreaterThanOrEqual(earliest)
    expect(job.end.getTime()).toBeLessThanOrEqual(input.horizonEnd.getTime())
    expect(job.end.getTime()).toBeGreaterThan(job.start.getTime())
    // Entirely inside ONE (merged) available interval.
    const inside = mergeSpans(printer.available).some((a) => a.start <= job.start.getTime() && job.end.getTime() <= a.end)
    expect(inside).toBe(true)
    // Compatible printer, right product, sane units.
    expect(order.productId).toBe(job.productId)
    const ok =
      printer.supportedMaterials.length === 0 ||
      printer.supportedMaterials.map((m) => m.toUpperCase()).includes(product.material.toUpperCase())
    expect(ok).toBe(true)
    expect(job.units).toBeGreaterThanOrEqual(1)
    expect(job.units).toBeLessThanOrEqual(product.unitsPerPlate)
    expect(job.filamentMg).toBe(job.units * product.gramsPerUnitMg)
  }

  // No overlap, changeover kept, between planned jobs and against fixed jobs.
  for (const printer of input.printers) {
    const co = Math.ceil(printer.changeoverMinutes) * MINUTE
    const planned = result.jobs.filter((j) => j.printerId === printer.id)
    const fixed = input.fixedJobs.filter((f) => f.printerId === printer.id && f.end > f.start)
    for (let i = 0; i < planned.length; i++) {
      const a = planned[i]
      for (const b of [...planned.slice(i + 1), ...fixed]) {
        const apart = a.end.getTime() + co <= b.start.getTime() || b.end.getTime() + co <= a.start.getTime()
        expect(apart).toBe(true)
      }
    }
    expect(planned.map((j) => j.sequence)).toEqual(planned.map((_, i) => i + 1))
  }

  // Units: never more than remaining; planned + unscheduled = remaining; only the last plate may be partial.
  for (const order of input.orders) {
    const jobs = result.jobs.filter((j) => j.orderId === order.id).sort((a, b) => a.plateIndex - b.plateIndex)
    const planned = jobs.reduce((s, j) => s + j.units, 0)
    const unscheduled = result.unscheduled.find((u) => u.orderId === order.id)?.units ?? 0
    const remaining = Math.max(0, order.remainingUnits)
    expect(planned).toBeLessThanOrEqual(remaining)
    expect(planned + unscheduled).toBe(remaining)
    const perPlate = products.get(order.productId)?.unitsPerPlate ?? 0
    jobs.slice(0, -1).forEach((j) => expect(j.units).toBe(perPlate))
    expect(jobs.map((j) => j.plateIndex)).toEqual(jobs.map((_, i) => i + 1))
  }

  for (const load of result.load) {
    if (load.loadPct !== null) {
      expect(load.loadPct).toBeGreaterThanOrEqual(0)
      expect(load.loadPct).toBeLessThanOrEqual(100 + 1e-9)
    } else expect(load.availableMs).toBe(0)
  }
}

/** Same content, arrays in a different order. */
function shuffled(input: ScheduleInput, seed: number): ScheduleInput {
  const rotate = <T,>(xs: ReadonlyArray<T>) => {
    const k = xs.length === 0 ? 0 : seed % xs.length
    return [...xs.slice(k), ...xs.slice(0, k)].reverse()
  }
  return {
    ...input,
    printers: rotate(input.printers).map((p) => ({ ...p, available: rotate(p.available) })),
    products: rotate(input.products),
    orders: rotate(input.orders),
    fixedJobs: rotate(input.fixedJobs),
  }
}

describe('autoSchedule — properties over random shops', () => {
  it('always produces a valid plan (no overlap, inside available time and horizon, compatible, units bounded)', () => {
    fc.assert(
      fc.property(shopArb, (input) => {
        checkInvariants(input, autoSchedule(input))
      }),
      { numRuns: RUNS },
    )
  })

  it('is deterministic: same input (in any array order) gives an identical result', () => {
    fc.assert(
      fc.property(shopArb, fc.nat(), (input, seed) => {
        const a = autoSchedule(input)
        expect(autoSchedule(input)).toEqual(a)
        expect(autoSchedule(shuffled(input, seed))).toEqual(a)
      }),
      { numRuns: RUNS },
    )
  })

  it('matches the naive minute-grid reference scheduler exactly', () => {
    fc.assert(
      fc.property(shopArb, (input) => {
        const result = autoSchedule(input)
        const ref = referenceSchedule(input)
        const actual = result.jobs.map((j) => ({
          orderId: j.orderId,
          printerId: j.printerId,
          start: j.start.getTime(),
          end: j.end.getTime(),
          units: j.units,
        }))
        expect(actual).toEqual(canonical(ref.jobs))
        expect(new Map(result.unscheduled.map((u) => [u.orderId, u.units]))).toEqual(ref.unscheduled)
      }),
      { numRuns: RUNS },
    )
  })
})
