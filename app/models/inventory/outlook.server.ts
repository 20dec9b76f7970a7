/** The projected outlook: stock on the shelf against the filament the plan will use. */
import { and, eq } from 'drizzle-orm'
import { db } from '~db/client.server'
import { orders, printJobs, products } from '~db/schema'
import {
  gramsNumericToMg,
  plannedUseMg,
  projectInventoryOutlook,
  type InventoryOutlook,
  type OutlookFilament,
  type OutlookJob,
  type OutlookSpool,
} from '~/domain/inventory'
import { env } from '~/utils/env.server'
import { listFilaments } from './filaments.server'
import { activeSpoolsForOutlook, type OutlookSpoolRow } from './spools.server'

/**
 * Planned filament use of all planned, not-yet-started print jobs (scheduling module's table): units × the grams per
 * unit copied onto the job, plus the product's waste %.
 */
export async function plannedFilamentUse(opts: { lockedOnly?: boolean } = {}): Promise<OutlookJob[]> {
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
    .where(opts.lockedOnly ? and(eq(printJobs.status, 'planned'), eq(printJobs.locked, true)) : eq(printJobs.status, 'planned'))
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
  const outlookFilaments: OutlookFilament[] = filamentRows.map((f) => ({
    id: f.id,
    material: f.material,
    colourName: f.colourName,
    colourHex: f.colourHex,
    brand: f.brand,
    lowStockMg: f.lowStockMg,
  }))
  const outlookSpools: OutlookSpool[] = activeSpools.map((s) => ({
    id: s.id,
    // A spool of an archived filament still holds filament: pool it by its own material + colour.
    filamentId: s.filamentId,
    material: s.material,
    colour: s.colourName,
    batch: s.batch,
    receivedAt: s.receivedOn,
    status: 'active',
    remainingMg: s.remainingMg,
  }))
  const outlook = projectInventoryOutlook({
    filaments: outlookFilaments,
    spools: outlookSpools,
    jobs: [...plannedJobs, ...extraJobs],
    today: now,
    timeZone: env().SHOP_TIME_ZONE,
  })
  return { outlook, filaments: outlookFilaments, spools: activeSpools }
}
