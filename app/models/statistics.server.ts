/**
 * Statistics queries: every figure is grouped in the database (one row per day, material + colour, product or printer),
 * so the work does not grow with the number of jobs loaded into Node. The rules are in app/domain/statistics and
 * docs/decisions/008-statistics.md; the jobs of a period are found through `print_jobs_actual_end_idx`.
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { filaments, printJobs, products } from '~db/schema'
import { gramsNumericToMg } from '~/domain/inventory/mass'
import {
  availableMsByPrinter,
  fillDays,
  materialBreakdown,
  outputTotals,
  printerStatistics,
  topProducts,
  type DailyOutputRow,
  type MaterialColourRow,
  type Period,
  type PrinterRef,
  type PrinterUseRow,
  type ProductOutput,
} from '~/domain/statistics'
import { listPrinters } from '~/models/printers/printers.server'
import { listWindows } from '~/models/printers/windows.server'

/** Recorded jobs (done or failed) whose actual end lies in [from, to). */
function recordedBetween(from: Date, to: Date) {
  return and(inArray(printJobs.status, ['done', 'failed']), gte(printJobs.actualEnd, from), lt(printJobs.actualEnd, to))
}

const int = (expr: ReturnType<typeof sql>) => sql<number>`(${expr})::int`.mapWith(Number)
const gramsMg = sql<string>`coalesce(sum(${printJobs.gramsUsed}), 0)::text`.mapWith((v: string) => gramsNumericToMg(v))

/** Good/scrap units, jobs and grams per shop-local day of the actual end. */
export async function dailyOutput(from: Date, to: Date, timeZone: string): Promise<DailyOutputRow[]> {
  return db
    .select({
      date: sql<string>`to_char(${printJobs.actualEnd} at time zone ${timeZone}, 'YYYY-MM-DD')`,
      goodUnits: int(sql`coalesce(sum(${printJobs.goodUnits}), 0)`),
      scrapUnits: int(sql`coalesce(sum(${printJobs.scrapUnits}), 0)`),
      jobs: int(sql`count(*)`),
      failedJobs: int(sql`count(*) filter (where ${printJobs.status} = 'failed')`),
      gramsMg,
    })
    .from(printJobs)
    .where(recordedBetween(from, to))
    .groupBy(sql`1`)
    .orderBy(sql`1`)
}

/** Grams used per material + colour (labels pooled case-insensitively, shown as most often written), with a filament's swatch colour. */
export async function materialUse(from: Date, to: Date): Promise<MaterialColourRow[]> {
  return db
    .select({
      material: sql<string>`mode() within group (order by ${printJobs.material})`,
      colour: sql<string>`mode() within group (order by ${printJobs.colour})`,
      colourHex: sql<string | null>`min(${filaments.colourHex})`,
      gramsMg,
      jobs: int(sql`count(*)`),
    })
    .from(printJobs)
    .leftJoin(filaments, eq(filaments.id, printJobs.filamentId))
    .where(recordedBetween(from, to))
    .groupBy(sql`lower(${printJobs.material})`, sql`lower(${printJobs.colour})`)
}

/** The products ranking in the first `n` by good units or by grams (ranked in SQL; ties by name); `null` = every product. */
export async function productOutput(from: Date, to: Date, n: number | null = 5): Promise<ProductOutput[]> {
  const good = sql`coalesce(sum(${printJobs.goodUnits}), 0)`
  const grams = sql`coalesce(sum(${printJobs.gramsUsed}), 0)`
  const ranked = db
    .select({
      productId: printJobs.productId,
      name: products.name,
      photoId: products.photoId,
      goodUnits: sql<number>`(${good})::int`.as('good_units'),
      scrapUnits: sql<number>`(coalesce(sum(${printJobs.scrapUnits}), 0))::int`.as('scrap_units'),
      grams: sql<string>`(${grams})::text`.as('grams'),
      jobs: sql<number>`count(*)::int`.as('jobs'),
      byUnits: sql<number>`row_number() over (order by ${good} desc, ${products.name})`.as('rank_units'),
      byGrams: sql<number>`row_number() over (order by ${grams} desc, ${products.name})`.as('rank_grams'),
    })
    .from(printJobs)
    .innerJoin(products, eq(products.id, printJobs.productId))
    .where(recordedBetween(from, to))
    .groupBy(printJobs.productId, products.name, products.photoId)
    .as('ranked')
  const rows = await db
    .select({
      productId: ranked.productId,
      name: ranked.name,
      photoId: ranked.photoId,
      goodUnits: ranked.goodUnits,
      scrapUnits: ranked.scrapUnits,
      grams: ranked.grams,
      jobs: ranked.jobs,
    })
    .from(ranked)
    .where(n === null ? undefined : sql`${ranked.byUnits} <= ${n} or ${ranked.byGrams} <= ${n}`)
    .orderBy(ranked.byUnits)
  return rows.map(({ grams: g, ...r }) => ({ ...r, goodUnits: Number(r.goodUnits), scrapUnits: Number(r.scrapUnits), jobs: Number(r.jobs), gramsMg: gramsNumericToMg(g) }))
}

/**
 * Per printer, with the printers module's rules (app/domain/printers/utilisation.ts), summed in SQL:
 * - print time = the union of the jobs' [actual start, actual end) spans (a printing job runs to `now`), clipped to the
 *   period; `range_agg` merges overlapping records so no minute counts twice; jobs run = jobs with print time inside;
 * - units and jobs ended = finished jobs (done, failed, and cancelled ones that had started) whose actual end lies in
 *   the period.
 */
async function printerUse(from: Date, to: Date, now: Date): Promise<PrinterUseRow[]> {
  const j = printJobs
  const [fromIso, toIso, nowIso] = [from.toISOString(), to.toISOString(), now.toISOString()]
  const spanEnd = sql`case when ${j.actualEnd} is not null then ${j.actualEnd} when ${j.status} = 'printing' then ${nowIso}::timestamptz end`
  const inner = db
    .select({
      printerId: j.printerId,
      status: j.status,
      goodUnits: j.goodUnits,
      scrapUnits: j.scrapUnits,
      s: sql<Date>`greatest(${j.actualStart}, ${fromIso}::timestamptz)`.as('s'),
      e: sql<Date>`least(${spanEnd}, ${toIso}::timestamptz)`.as('e'),
      ended: sql<boolean>`(${j.status} in ('done', 'failed') or (${j.status} = 'cancelled' and ${j.actualStart} is not null))
        and ${j.actualEnd} >= ${fromIso}::timestamptz and ${j.actualEnd} < ${toIso}::timestamptz`.as('ended'),
    })
    .from(j)
    .where(
      sql`(${j.status} <> 'planned' and ${j.actualStart} < ${toIso}::timestamptz and (${j.actualEnd} is null or ${j.actualEnd} > ${fromIso}::timestamptz))
        or (${j.status} in ('done', 'failed', 'cancelled') and ${j.actualEnd} >= ${fromIso}::timestamptz and ${j.actualEnd} < ${toIso}::timestamptz)`,
    )
    .as('spans')
  const grouped = db
    .select({
      printerId: inner.printerId,
      spans: sql`range_agg(tstzrange(${inner.s}, ${inner.e})) filter (where ${inner.s} < ${inner.e})`.as('spans_union'),
      jobsRun: sql<number>`count(*) filter (where ${inner.s} < ${inner.e})`.as('jobs_run'),
      done: sql<number>`count(*) filter (where ${inner.ended} and ${inner.status} = 'done')`.as('done'),
      failed: sql<number>`count(*) filter (where ${inner.ended} and ${inner.status} = 'failed')`.as('failed'),
      cancelled: sql<number>`count(*) filter (where ${inner.ended} and ${inner.status} = 'cancelled')`.as('cancelled'),
      goodUnits: sql<number>`coalesce(sum(${inner.goodUnits}) filter (where ${inner.ended}), 0)`.as('good_units'),
      scrapUnits: sql<number>`coalesce(sum(${inner.scrapUnits}) filter (where ${inner.ended}), 0)`.as('scrap_units'),
    })
    .from(inner)
    .groupBy(inner.printerId)
    .as('per_printer')
  const rows = await db
    .select({
      printerId: grouped.printerId,
      printMs: sql<string>`(select coalesce(round(extract(epoch from sum(upper(r) - lower(r))) * 1000), 0)::text from unnest(${grouped.spans}) r)`,
      jobsRun: sql<string>`${grouped.jobsRun}::text`,
      done: sql<string>`${grouped.done}::text`,
      failed: sql<string>`${grouped.failed}::text`,
      cancelled: sql<string>`${grouped.cancelled}::text`,
      goodUnits: sql<string>`${grouped.goodUnits}::text`,
      scrapUnits: sql<string>`${grouped.scrapUnits}::text`,
    })
    .from(grouped)
  return rows.map((r) => ({
    printerId: r.printerId,
    printMs: Number(r.printMs),
    jobsRun: Number(r.jobsRun),
    jobsEnded: { done: Number(r.done), failed: Number(r.failed), cancelled: Number(r.cancelled) },
    goodUnits: Number(r.goodUnits),
    scrapUnits: Number(r.scrapUnits),
  }))
}

/**
 * Printers of the statistics page: every printer that is not retired, with its available time in the period (the
 * printers module's calendar − maintenance windows), and retired printers only when they recorded something in it.
 */
async function printerRefs(period: Period, timeZone: string, used: ReadonlySet<string>): Promise<PrinterRef[]> {
  const list = (await listPrinters()).filter((p) => p.status !== 'retired' || used.has(p.id))
  const windows = await listWindows(
    list.map((p) => p.id),
    period,
  )
  const available = availableMsByPrinter(
    list.map((p) => ({
      printerId: p.id,
      calendar: p.calendar,
      status: p.status,
      windows: windows.filter((w) => w.printerId === p.id).map((w) => ({ start: w.startsAt, end: w.endsAt })),
    })),
    period.from,
    period.to,
    timeZone,
  )
  return list.map((p) => ({ printerId: p.id, assetId: p.assetId, name: p.name, availableMs: available.get(p.id) ?? 0 }))
}

/** Per-printer utilisation, jobs and units in the period, and the fleet's. */
export async function printerFigures(period: Period, now: Date, timeZone: string) {
  const use = await printerUse(period.from, period.to, now)
  const refs = await printerRefs(period, timeZone, new Set(use.map((u) => u.printerId)))
  return printerStatistics(refs, use)
}

/** Every day of the period with its output (zeros included). */
export async function dailyFigures(period: Period, timeZone: string) {
  return fillDays(period.days, await dailyOutput(period.from, period.to, timeZone))
}

/** Everything the statistics page shows for a period. */
export async function statisticsOverview(opts: { period: Period; now: Date; timeZone: string }) {
  const { period, now, timeZone } = opts
  const [days, materials, productRows, printers] = await Promise.all([
    dailyFigures(period, timeZone),
    materialUse(period.from, period.to),
    productOutput(period.from, period.to),
    printerFigures(period, now, timeZone),
  ])
  return {
    days,
    totals: outputTotals(days),
    materials: materialBreakdown(materials),
    top: topProducts(productRows),
    printers,
  }
}

export type StatisticsOverview = Awaited<ReturnType<typeof statisticsOverview>>
