/**
 * Statistics figures over a period, from rows the database has already grouped (app/models/statistics.server.ts).
 *
 * Rules (documented for the UI/docs, docs/decisions/008-statistics.md):
 * - Output counts from **recorded jobs**: status `done` or `failed`, attributed to the shop-local day of their actual
 *   end. Planned and printing jobs have no output yet; cancelled jobs never count (not even if they had started).
 * - Good units = recorded good units. Scrap units = recorded scrap units, of done and failed jobs alike: a failed print
 *   counts exactly the scrap its operator recorded (its good units, if any, count as good).
 * - Scrap rate of a day (or the period) = scrap ÷ (good + scrap) × 100; null when nothing was recorded.
 * - Material usage = recorded grams used (`grams_used`; none recorded = 0), by material and by material + colour. Labels
 *   are pooled like the inventory does: trimmed, inner spaces collapsed, case-insensitive ("PLA"/"pla" are one).
 *   Grams are integer milligrams here, so sums are exact.
 * - Top products: the five with the most good units (ties by name), and the five with the most grams used.
 */

import { normalizeLabel } from '../inventory/keys'
import { availableIntervals, type PrinterStatus, type WeeklyCalendar } from '../printers/calendar'
import { subtractIntervals, totalDurationMs, type Interval } from '../time/intervals'
import type { LocalDate } from '../time/zoned'

/** The CSV exports of the statistics page, one per table. */
export const STATISTICS_EXPORTS = ['daily', 'materials', 'material-colours', 'products', 'printers'] as const
export type StatisticsExport = (typeof STATISTICS_EXPORTS)[number]

/** One local day as the database grouped it. */
export interface DailyOutputRow {
  date: LocalDate
  goodUnits: number
  scrapUnits: number
  /** Recorded jobs that ended that day. */
  jobs: number
  failedJobs: number
  gramsMg: number
}

export interface DayOutput extends DailyOutputRow {
  /** 0–100, one job's scrap over its good + scrap; null when the day has neither. */
  scrapRatePct: number | null
}

/** Scrap ÷ (good + scrap) × 100, or null when both are 0. */
export function scrapRatePct(goodUnits: number, scrapUnits: number): number | null {
  const total = goodUnits + scrapUnits
  return total > 0 ? (scrapUnits * 100) / total : null
}

const EMPTY_DAY = { goodUnits: 0, scrapUnits: 0, jobs: 0, failedJobs: 0, gramsMg: 0 }

/** Every day of the period in order, days without recorded jobs as zeros; rows outside the period are ignored. */
export function fillDays(days: ReadonlyArray<LocalDate>, rows: ReadonlyArray<DailyOutputRow>): DayOutput[] {
  const byDate = new Map(rows.map((r) => [r.date, r]))
  return days.map((date) => {
    const r = byDate.get(date) ?? { date, ...EMPTY_DAY }
    return { ...r, date, scrapRatePct: scrapRatePct(r.goodUnits, r.scrapUnits) }
  })
}

export interface OutputTotals {
  goodUnits: number
  scrapUnits: number
  jobs: number
  failedJobs: number
  gramsMg: number
  scrapRatePct: number | null
}

export function outputTotals(days: ReadonlyArray<DailyOutputRow>): OutputTotals {
  const t = { ...EMPTY_DAY }
  for (const d of days) {
    t.goodUnits += d.goodUnits
    t.scrapUnits += d.scrapUnits
    t.jobs += d.jobs
    t.failedJobs += d.failedJobs
    t.gramsMg += d.gramsMg
  }
  return { ...t, scrapRatePct: scrapRatePct(t.goodUnits, t.scrapUnits) }
}

/** Grams used per material + colour, as the database grouped them (one row per pooled label pair). */
export interface MaterialColourRow {
  material: string
  colour: string
  /** A filament's swatch colour for the bar; null when no job of the pair names a filament. */
  colourHex: string | null
  gramsMg: number
  jobs: number
}

export interface MaterialUse {
  material: string
  gramsMg: number
  jobs: number
}

export interface MaterialBreakdown {
  byMaterial: MaterialUse[]
  byMaterialColour: MaterialColourRow[]
  totalMg: number
}

const byGramsThenName = <T extends { gramsMg: number }>(label: (x: T) => string) => (a: T, b: T) =>
  b.gramsMg - a.gramsMg || label(a).localeCompare(label(b), 'en')

/**
 * Material + colour rows merged by pooled label (several rows of one pool: grams and jobs add up, the first hex wins),
 * then rolled up per material. Both lists: most grams first, ties by name.
 */
export function materialBreakdown(rows: ReadonlyArray<MaterialColourRow>): MaterialBreakdown {
  const pairs = new Map<string, MaterialColourRow>()
  const materials = new Map<string, MaterialUse>()
  let totalMg = 0
  for (const r of rows) {
    totalMg += r.gramsMg
    const pairKey = `${normalizeLabel(r.material)}\u001f${normalizeLabel(r.colour)}`
    const pair = pairs.get(pairKey)
    if (pair) {
      pair.gramsMg += r.gramsMg
      pair.jobs += r.jobs
      pair.colourHex ??= r.colourHex
    } else pairs.set(pairKey, { ...r })
    const materialKey = normalizeLabel(r.material)
    const m = materials.get(materialKey)
    if (m) {
      m.gramsMg += r.gramsMg
      m.jobs += r.jobs
    } else materials.set(materialKey, { material: r.material, gramsMg: r.gramsMg, jobs: r.jobs })
  }
  return {
    byMaterial: [...materials.values()].sort(byGramsThenName((m) => m.material)),
    byMaterialColour: [...pairs.values()].sort(byGramsThenName((p) => `${p.material} ${p.colour}`)),
    totalMg,
  }
}

/** One product's recorded output in the period. */
export interface ProductOutput {
  productId: string
  name: string
  photoId: string | null
  goodUnits: number
  scrapUnits: number
  gramsMg: number
  jobs: number
}

/** The `n` products with the most good units, and the `n` with the most grams used (zeros are not ranked). */
export function topProducts(rows: ReadonlyArray<ProductOutput>, n = 5): { byUnits: ProductOutput[]; byGrams: ProductOutput[] } {
  const rank = (key: 'goodUnits' | 'gramsMg') =>
    rows
      .filter((r) => r[key] > 0)
      .sort((a, b) => b[key] - a[key] || a.name.localeCompare(b.name, 'en') || (a.productId < b.productId ? -1 : 1))
      .slice(0, n)
  return { byUnits: rank('goodUnits'), byGrams: rank('gramsMg') }
}

/** A printer's recorded figures in the period, as the database summed them (printers module rules, see ADR 002). */
export interface PrinterUseRow {
  printerId: string
  printMs: number
  jobsRun: number
  jobsEnded: { done: number; failed: number; cancelled: number }
  goodUnits: number
  scrapUnits: number
}

export interface PrinterRef {
  printerId: string
  assetId: string
  name: string
  /** Available time in the period (calendar − maintenance windows; none unless active). */
  availableMs: number
}

export interface PrinterStatistics extends PrinterRef, Omit<PrinterUseRow, 'printerId'> {
  printHours: number
  availableHours: number
  /** print ÷ available × 100 (may exceed 100 when printing outside the calendar); null without available time. */
  utilisationPct: number | null
}

const HOUR_MS = 3_600_000
const NO_USE: Omit<PrinterUseRow, 'printerId'> = { printMs: 0, jobsRun: 0, jobsEnded: { done: 0, failed: 0, cancelled: 0 }, goodUnits: 0, scrapUnits: 0 }

function withPct<T extends { printMs: number; availableMs: number }>(x: T) {
  return {
    ...x,
    printHours: x.printMs / HOUR_MS,
    availableHours: x.availableMs / HOUR_MS,
    utilisationPct: x.availableMs > 0 ? (x.printMs / x.availableMs) * 100 : null,
  }
}

/**
 * Per-printer utilisation with the printers module's formula (utilisation % = print hours ÷ available hours × 100),
 * in the order of `printers`, plus the fleet: sums, and total print ÷ total available. Rows of printers not listed are
 * ignored (retired printers are not shown).
 */
export function printerStatistics(printers: ReadonlyArray<PrinterRef>, rows: ReadonlyArray<PrinterUseRow>) {
  const use = new Map(rows.map((r) => [r.printerId, r]))
  const list: PrinterStatistics[] = printers.map((p) => {
    const { printerId: _id, ...u } = use.get(p.printerId) ?? { printerId: p.printerId, ...NO_USE }
    return withPct({ ...p, ...u, jobsEnded: { ...u.jobsEnded } })
  })
  const sum = (f: (p: PrinterStatistics) => number) => list.reduce((acc, p) => acc + f(p), 0)
  const fleet = withPct({
    printerCount: list.length,
    printMs: sum((p) => p.printMs),
    availableMs: sum((p) => p.availableMs),
    jobsRun: sum((p) => p.jobsRun),
    goodUnits: sum((p) => p.goodUnits),
    scrapUnits: sum((p) => p.scrapUnits),
  })
  return { printers: list, fleet }
}

export interface PrinterCapacityInput {
  printerId: string
  calendar: WeeklyCalendar
  status: PrinterStatus
  /** The printer's maintenance windows (any that touch the period). */
  windows: ReadonlyArray<Interval>
}

/**
 * Available milliseconds of each printer in [from, to) — exactly the printers module's `availableIntervals` (calendar
 * in the shop's zone, minus maintenance windows, nothing unless active), but the calendar part is computed once per
 * distinct weekly calendar and only the windows are subtracted per printer: most fleets share a few presets, and turning
 * local calendar days into instants is the costly part.
 */
export function availableMsByPrinter(printers: ReadonlyArray<PrinterCapacityInput>, from: Date, to: Date, timeZone: string): Map<string, number> {
  const byCalendar = new Map<string, Interval[]>()
  const out = new Map<string, number>()
  for (const p of printers) {
    if (p.status !== 'active') {
      out.set(p.printerId, 0)
      continue
    }
    const key = JSON.stringify(p.calendar)
    let base = byCalendar.get(key)
    if (!base) {
      base = availableIntervals({ calendar: p.calendar, status: 'active', maintenanceWindows: [], from, to, timeZone })
      byCalendar.set(key, base)
    }
    out.set(p.printerId, totalDurationMs(p.windows.length ? subtractIntervals(base, p.windows) : base))
  }
  return out
}
