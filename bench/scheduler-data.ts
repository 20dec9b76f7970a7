/**
 * Deterministic synthetic shops for the auto-scheduler benchmark: `makeShop(seed, { orders, printers, days })` always
 * returns the same `ScheduleInput` for the same arguments (seeded PRNG, fixed "now", no clock, no I/O).
 *
 * The shop: printers on a mix of 24 h calendars and 09–21 Asia/Seoul calendars (= 00:00–12:00 UTC; Seoul has no DST,
 * so plain UTC day arithmetic is exact), each with a 4 h maintenance window every 14 days; material support from "any"
 * to a few materials; changeovers of 5–30 min; some printers busy with a printing job at "now" and a few with a locked
 * job later. Products print 30 min–8 h per plate, one in ten takes 12–40 h (only 24 h printers can take those).
 * Orders: mostly priority 0, due dates spread over the horizon (one in five without), 1–60 units.
 * Demand is independent of the printer count, so small fleets with many orders overflow the horizon (as they would).
 */

import type {
  FixedJob,
  ScheduleInput,
  SchedulerOrder,
  SchedulerPrinter,
  SchedulerProduct,
  TimeSpan,
} from '../app/domain/scheduling'
import { createRng } from '../tests/fixtures/rng'

export interface ShopSize {
  orders: number
  printers: number
  /** Horizon length in days (the scheduler's horizonEnd = now + days). */
  days: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Fixed "now" of every synthetic shop: Monday 2025-03-03 00:07:30 UTC (not on a minute, on purpose). */
export const BENCH_NOW = Date.UTC(2025, 2, 3, 0, 7, 30)

const MATERIALS = ['PLA', 'PETG', 'ABS', 'TPU'] as const
const COLOURS = ['black', 'white', 'grey', 'red', 'blue', 'green', 'orange', 'clear'] as const

/** The shared seeded PRNG (tests/fixtures/rng.ts) with the helpers this generator uses. */
function rng(seed: number) {
  const next = createRng(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) // inclusive
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(next() * xs.length)]
  const chance = (p: number) => next() < p
  return { next, int, pick, chance }
}

/** `spans` (sorted, disjoint) minus `cuts` (sorted, disjoint). */
function subtract(spans: ReadonlyArray<TimeSpan>, cuts: ReadonlyArray<{ start: number; end: number }>): TimeSpan[] {
  const out: TimeSpan[] = []
  for (const s of spans) {
    let cursor = s.start.getTime()
    const end = s.end.getTime()
    for (const c of cuts) {
      if (c.end <= cursor || c.start >= end) continue
      if (c.start > cursor) out.push({ start: new Date(cursor), end: new Date(c.start) })
      cursor = Math.max(cursor, c.end)
    }
    if (cursor < end) out.push({ start: new Date(cursor), end: new Date(end) })
  }
  return out
}

function makePrinter(r: ReturnType<typeof rng>, index: number, days: number): SchedulerPrinter {
  const firstDay = Math.floor(BENCH_NOW / DAY) * DAY
  const allDay = r.chance(0.5)
  let available: TimeSpan[]
  if (allDay) {
    // Touching days arrive merged: one interval over the whole horizon.
    available = [{ start: new Date(firstDay), end: new Date(firstDay + (days + 1) * DAY) }]
  } else {
    available = []
    for (let d = 0; d <= days; d++) {
      // 09:00–21:00 Asia/Seoul = 00:00–12:00 UTC.
      available.push({ start: new Date(firstDay + d * DAY), end: new Date(firstDay + d * DAY + 12 * HOUR) })
    }
  }
  // A 4 h maintenance window every 14 days, at a printer-specific day and hour.
  const offsetDay = r.int(0, 13)
  const hour = r.int(0, 8)
  const maintenance: Array<{ start: number; end: number }> = []
  for (let d = offsetDay; d <= days; d += 14) {
    const start = firstDay + d * DAY + hour * HOUR
    maintenance.push({ start, end: start + 4 * HOUR })
  }
  // Four in ten printers take any material; the others a few (PLA mostly, never none).
  let supportedMaterials: string[] = []
  if (!r.chance(0.4)) {
    supportedMaterials = MATERIALS.filter((m) => r.chance(m === 'PLA' ? 0.9 : 0.4))
    if (supportedMaterials.length === 0) supportedMaterials = ['PLA']
  }
  return {
    id: String(index + 1),
    supportedMaterials,
    changeoverMinutes: r.pick([5, 10, 15, 30]),
    available: subtract(available, maintenance),
  }
}

function makeProduct(r: ReturnType<typeof rng>, index: number): SchedulerProduct {
  const roll = r.next()
  const material = roll < 0.5 ? 'PLA' : roll < 0.75 ? 'PETG' : roll < 0.9 ? 'ABS' : 'TPU'
  return {
    id: `P${index + 1}`,
    minutesPerPlate: r.chance(0.1) ? r.int(12, 40) * 60 : r.int(6, 96) * 5,
    unitsPerPlate: r.pick([1, 1, 2, 4, 6, 8, 12, 16]),
    material,
    colour: r.pick(COLOURS),
    gramsPerUnitMg: r.int(20, 1500) * 100,
  }
}

function makeOrder(r: ReturnType<typeof rng>, index: number, productCount: number, days: number): SchedulerOrder {
  const priorityRoll = r.next()
  return {
    id: String(index + 1),
    productId: `P${r.int(1, productCount)}`,
    priority: priorityRoll < 0.7 ? 0 : priorityRoll < 0.9 ? 1 : 2,
    // Due at 15:00 UTC (= 24:00 Seoul) on a day within the horizon.
    dueDate: r.chance(0.2) ? null : new Date(Math.floor(BENCH_NOW / DAY) * DAY + r.int(1, days) * DAY + 15 * HOUR),
    createdAt: new Date(BENCH_NOW - r.int(0, 30 * 24 * 60) * MINUTE),
    remainingUnits: r.chance(0.8) ? r.int(1, 24) : r.int(25, 60),
  }
}

/** A synthetic shop of the given size; identical output for identical (seed, size). */
export function makeShop(seed: number, size: ShopSize): ScheduleInput {
  const r = rng(seed)
  const printers = Array.from({ length: size.printers }, (_, i) => makePrinter(r, i, size.days))
  const productCount = Math.max(5, Math.round(size.orders / 10))
  const products = Array.from({ length: productCount }, (_, i) => makeProduct(r, i))
  const orders = Array.from({ length: size.orders }, (_, i) => makeOrder(r, i, productCount, size.days))

  const fixedJobs: FixedJob[] = []
  for (const p of printers) {
    // One in three printers is printing right now; one in ten has a locked job later in the first week.
    if (r.chance(1 / 3)) {
      const start = BENCH_NOW - r.int(10, 600) * MINUTE
      fixedJobs.push({ id: `F${fixedJobs.length + 1}`, printerId: p.id, start: new Date(start), end: new Date(BENCH_NOW + r.int(10, 600) * MINUTE) })
    }
    if (r.chance(0.1)) {
      const start = Math.floor(BENCH_NOW / HOUR) * HOUR + r.int(1, 7 * 24) * HOUR
      fixedJobs.push({ id: `F${fixedJobs.length + 1}`, printerId: p.id, start: new Date(start), end: new Date(start + r.int(1, 8) * HOUR) })
    }
  }

  return {
    now: new Date(BENCH_NOW),
    horizonEnd: new Date(BENCH_NOW + size.days * DAY),
    orders,
    products,
    printers,
    fixedJobs,
  }
}
