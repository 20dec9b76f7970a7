/** The projected outlook: stock on the shelf against the filament the plan will use. */
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import { filaments, orders, printJobs, products, spools } from '~db/schema'
import {
  gramsNumericToMg,
  plannedUseMg,
  projectInventoryOutlook,
  type InventoryOutlook,
  type OutlookFilament,
  type OutlookJob,
  type OutlookSpool,
} from '~/domain/inventory'
import { outlookFromTotals, type DemandTotal, type SpoolOrTotal, type TotalsOutlook } from '~/domain/inventory/outlook-totals'
import { env } from '~/utils/env.server'
import { listFilaments } from './filaments.server'
import { activeSpoolsForOutlook, type OutlookSpoolRow } from './spools.server'

/**
 * Planned filament use of all planned, not-yet-started print jobs (scheduling module's table): units × the grams per
 * unit copied onto the job, plus the product's waste %.
 */
export async function plannedFilamentUse(opts: { lockedOnly?: boolean; of?: readonly DemandTotal[] } = {}): Promise<OutlookJob[]> {
  const where: SQL[] = [eq(printJobs.status, 'planned')]
  if (opts.lockedOnly) where.push(eq(printJobs.locked, true))
  // Only the jobs of these demand rows (the same filament, material and colour).
  if (opts.of) where.push(or(sql`false`, ...opts.of.map(demandRow))!)
  const rows = await db
    .select({
      id: printJobs.id,
      ref: orders.reference,
      orderId: printJobs.orderId,
      filamentId: printJobs.filamentId,
      material: printJobs.material,
      colour: printJobs.colour,
      plannedStart: printJobs.startsAt,
      units: printJobs.units,
      gramsPerUnit: printJobs.gramsPerUnit,
      wastePct: products.wastePct,
    })
    .from(printJobs)
    .innerJoin(orders, eq(orders.id, printJobs.orderId))
    .innerJoin(products, eq(products.id, printJobs.productId))
    .where(and(...where))
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    orderId: r.orderId,
    filamentId: r.filamentId,
    material: r.material,
    colour: r.colour,
    plannedStart: r.plannedStart,
    plannedUseMg: plannedUseMg(r.units, gramsNumericToMg(r.gramsPerUnit), Number(r.wastePct)),
  }))
}

function toOutlookFilament(f: Awaited<ReturnType<typeof listFilaments>>[number]): OutlookFilament {
  return { id: f.id, material: f.material, colourName: f.colourName, colourHex: f.colourHex, brand: f.brand, lowStockMg: f.lowStockMg }
}

function toOutlookSpool(s: OutlookSpoolRow): OutlookSpool {
  // A spool of an archived filament still holds filament: pool it by its own material + colour.
  return { id: s.id, filamentId: s.filamentId, material: s.material, colour: s.colourName, batch: s.batch, receivedAt: s.receivedOn, status: 'active', remainingMg: s.remainingMg }
}

export interface OutlookData {
  outlook: InventoryOutlook
  filaments: OutlookFilament[]
  spools: OutlookSpoolRow[]
}

/**
 * Stock (active spools, all non-archived filaments) projected against the plan plus any `extraJobs`. `planned` replaces
 * the stored plan (the plan preview passes its own jobs).
 */
export async function inventoryOutlook(extraJobs: OutlookJob[] = [], now: Date = new Date(), planned?: OutlookJob[]): Promise<OutlookData> {
  const [filamentRows, activeSpools, plannedJobs] = await Promise.all([
    listFilaments(),
    activeSpoolsForOutlook(),
    planned ?? plannedFilamentUse(),
  ])
  const outlookFilaments = filamentRows.map(toOutlookFilament)
  const outlookSpools = activeSpools.map(toOutlookSpool)
  const outlook = projectInventoryOutlook({
    filaments: outlookFilaments,
    spools: outlookSpools,
    jobs: [...plannedJobs, ...extraJobs],
    today: now,
    timeZone: env().SHOP_TIME_ZONE,
  })
  return { outlook, filaments: outlookFilaments, spools: activeSpools }
}

function demandRow(d: DemandTotal): SQL {
  return and(
    d.filamentId === null ? isNull(printJobs.filamentId) : eq(printJobs.filamentId, String(d.filamentId)),
    eq(printJobs.material, d.material ?? ''),
    eq(printJobs.colour, d.colour ?? ''),
  )!
}

/**
 * The planned jobs' filament summed per filament + material + colour, in PostgreSQL: each job's use exactly as
 * `plannedUseMg` rounds it (units × g/unit × (100 + waste %) / 10, up to a whole tenth of a gram, in mg).
 */
async function plannedUseTotals(now: Date): Promise<DemandTotal[]> {
  const rows = await db
    .select({
      filamentId: printJobs.filamentId,
      material: printJobs.material,
      colour: printJobs.colour,
      useMg: sql<number>`sum(ceil(${printJobs.units} * ${printJobs.gramsPerUnit} * (100 + ${products.wastePct}) / 10) * 100)::float8`,
      jobCount: sql<number>`count(*)::int`,
      pastJobCount: sql<number>`(count(*) filter (where ${printJobs.startsAt} < ${now.toISOString()}))::int`,
      firstStart: sql<Date>`min(${printJobs.startsAt})`.mapWith(printJobs.startsAt),
    })
    .from(printJobs)
    .innerJoin(orders, eq(orders.id, printJobs.orderId))
    .innerJoin(products, eq(products.id, printJobs.productId))
    .where(eq(printJobs.status, 'planned'))
    .groupBy(printJobs.filamentId, printJobs.material, printJobs.colour)
    .orderBy(printJobs.filamentId, printJobs.material, printJobs.colour)
  return rows
}

/** The active spools summed per filament (a pool needs only its total; the dashboard reads no single spool). */
async function activeSpoolTotals(): Promise<SpoolOrTotal[]> {
  const rows = await db
    .select({
      filamentId: spools.filamentId,
      material: filaments.material,
      colour: filaments.colourName,
      remainingMg: sql<number>`sum(${spools.remainingGrams} * 1000)::float8`,
      count: sql<number>`count(*)::int`,
    })
    .from(spools)
    .innerJoin(filaments, eq(filaments.id, spools.filamentId))
    .where(eq(spools.status, 'active'))
    .groupBy(spools.filamentId, filaments.material, filaments.colourName)
    // As the spool lists run: a pool with no filament of its own is named as its first spools write it.
    .orderBy(asc(filaments.material), asc(filaments.colourName), asc(spools.filamentId))
  return rows.map((r) => ({ id: `spools-of:${r.filamentId}`, status: 'active' as const, ...r }))
}

/**
 * The stock outlook (pools, their status and run-out points, each active spool's estimated remaining when `spools` is
 * 'each') from the planned use summed in PostgreSQL; the jobs themselves are read only for pools that run short (see
 * app/domain/inventory/outlook-totals.ts: the figures equal `inventoryOutlook`'s). For the dashboard and the spool list;
 * the outlook page and a spool's page show per-job detail and use `inventoryOutlook`. The two reads are two moments: a
 * job planned in between may make a pool short that the totals showed sufficient (shown at the next read, as any
 * change made while a page loads); a short pool's figures all come from its jobs as read in the second.
 */
export async function stockOutlook(now: Date, opts: { spools: 'each' | 'summed' }): Promise<TotalsOutlook> {
  const [filamentRows, stock, demand] = await Promise.all([
    listFilaments(),
    opts.spools === 'summed' ? activeSpoolTotals() : activeSpoolsForOutlook().then((rows) => rows.map(toOutlookSpool)),
    plannedUseTotals(now),
  ])
  const input = { filaments: filamentRows.map(toOutlookFilament), spools: stock, demand, today: now, timeZone: env().SHOP_TIME_ZONE }
  const first = outlookFromTotals(input)
  if (!first.shortDemand.length) return first
  const jobs = await plannedFilamentUse({ of: first.shortDemand.map((i) => demand[i]) })
  return outlookFromTotals(input, first.shortDemand, jobs)
}
