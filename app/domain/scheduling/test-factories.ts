/**
 * Small factories for the scheduling tests (not used by production code). All times are UTC.
 */

import type {
  FixedJob,
  ScheduleInput,
  SchedulerOrder,
  SchedulerPrinter,
  SchedulerProduct,
  TimeSpan,
} from './types'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** Monday 2025-01-06 00:00 UTC: the reference "now" of the hand-built cases. */
export const T0 = Date.UTC(2025, 0, 6)

/** Instant `hours` after T0 (fractions allowed). */
export const at = (hours: number): Date => new Date(T0 + hours * HOUR)

/** Span [fromHours, toHours) after T0. */
export const span = (fromHours: number, toHours: number): TimeSpan => ({ start: at(fromHours), end: at(toHours) })

/** One long interval: a 24 h calendar over `days` days from T0. */
export const allDay = (days: number): TimeSpan[] => [span(0, days * 24)]

/** Daily windows [startHour, endHour) for `days` days from T0 (e.g. 9, 21 = 09–21). */
export function dailyWindows(days: number, startHour: number, endHour: number): TimeSpan[] {
  const out: TimeSpan[] = []
  for (let d = 0; d < days; d++) out.push(span(d * 24 + startHour, d * 24 + endHour))
  return out
}

export function printer(id: string, overrides: Partial<SchedulerPrinter> = {}): SchedulerPrinter {
  return { id, supportedMaterials: [], changeoverMinutes: 0, available: allDay(30), ...overrides }
}

export function product(id: string, overrides: Partial<SchedulerProduct> = {}): SchedulerProduct {
  return { id, minutesPerPlate: 60, unitsPerPlate: 1, material: 'PLA', colour: 'black', gramsPerUnitMg: 10_000, ...overrides }
}

export function order(id: string, overrides: Partial<SchedulerOrder> = {}): SchedulerOrder {
  return { id, productId: 'p1', priority: 0, dueDate: null, createdAt: at(-24), remainingUnits: 1, ...overrides }
}

export function fixedJob(printerId: string, fromHours: number, toHours: number, id?: string): FixedJob {
  return { id, printerId, start: at(fromHours), end: at(toHours) }
}

/** A shop with sensible defaults: now = T0, horizon = 30 days, one PLA product 'p1', one 24 h printer '1'. */
export function shop(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    now: at(0),
    horizonEnd: at(30 * 24),
    orders: [],
    products: [product('p1')],
    printers: [printer('1')],
    fixedJobs: [],
    ...overrides,
  }
}

/** Job times as hours after T0, for compact assertions. */
export function hoursOf(job: { start: Date; end: Date }): [number, number] {
  return [(job.start.getTime() - T0) / HOUR, (job.end.getTime() - T0) / HOUR]
}
