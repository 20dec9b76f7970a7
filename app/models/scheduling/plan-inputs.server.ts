/** Loading what the scheduler plans from: open orders and their recorded output, products, printers' free time, live jobs. */
import { eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { filaments, orders, printJobs, products } from '~db/schema'
import { DEFAULT_HORIZON_DAYS, type ExistingPlannedJob, type ScheduleInput, type SchedulerPrinter } from '~/domain/scheduling'
import { dueInstant as dueInstantIn } from '~/domain/scheduling/due'
import { ordersToPlan, splitLiveJobs, toSchedulerProduct } from '~/domain/scheduling/plan-input'
import { env } from '~/utils/env.server'
import { printerAvailability } from './availability.server'
import { outputByOrder } from './job-queries.server'

const DAY = 86_400_000

export interface ProductLite {
  id: string
  name: string
  minutesPerPlate: number
  unitsPerPlate: number
  gramsPerUnit: string
  wastePct: string
  filamentId: string | null
  material: string
  colour: string
}

export async function loadProducts(tx: DbOrTx, ids: string[]): Promise<Map<string, ProductLite>> {
  if (!ids.length) return new Map()
  const rows = await tx
    .select({
      id: products.id,
      name: products.name,
      minutesPerPlate: products.printMinutesPerPlate,
      unitsPerPlate: products.unitsPerPlate,
      gramsPerUnit: products.gramsPerUnit,
      wastePct: products.wastePct,
      filamentId: products.filamentId,
      material: sql<string>`coalesce(${filaments.material}, '')`,
      colour: sql<string>`coalesce(${filaments.colourName}, '')`,
    })
    .from(products)
    .leftJoin(filaments, eq(filaments.id, products.filamentId))
    .where(inArray(products.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

/** A due date (shop-local day) as the instant it ends: late = finishing after the end of that day. */
export function dueInstant(dueDate: string, timeZone = env().SHOP_TIME_ZONE): Date {
  return dueInstantIn(dueDate, timeZone)
}

export interface PlanContext {
  input: ScheduleInput
  /** Unlocked planned jobs: what a plan may replace. */
  replaceable: ExistingPlannedJob[]
  products: Map<string, ProductLite>
  orderRefs: Map<string, { reference: string; dueDate: string | null; productId: string }>
  printerNames: Map<string, string>
}

export async function loadPlanContext(tx: DbOrTx, now: Date, horizonDays = DEFAULT_HORIZON_DAYS): Promise<PlanContext> {
  const horizonEnd = new Date(now.getTime() + horizonDays * DAY)
  const openOrders = await tx
    .select({
      id: orders.id,
      reference: orders.reference,
      productId: orders.productId,
      priority: orders.priority,
      dueDate: orders.dueDate,
      createdAt: orders.createdAt,
      targetQuantity: orders.targetQuantity,
      stockOnHand: orders.stockOnHand,
    })
    .from(orders)
    .where(sql`${orders.cancelledAt} is null`)
  const output = await outputByOrder(
    tx,
    openOrders.map((o) => o.id),
  )
  const productMap = await loadProducts(tx, [...new Set(openOrders.map((o) => o.productId))])
  const schedulerOrders = ordersToPlan(openOrders, output, env().SHOP_TIME_ZONE)
  const schedulerProducts = [...productMap.values()].map(toSchedulerProduct)
  const availability = await printerAvailability(tx, now, horizonEnd)
  const schedulerPrinters: SchedulerPrinter[] = availability.map((a) => ({
    id: a.printer.id,
    supportedMaterials: a.printer.materials,
    changeoverMinutes: a.printer.changeoverMinutes,
    available: a.available,
  }))
  const live = await tx
    .select({
      id: printJobs.id,
      orderId: printJobs.orderId,
      printerId: printJobs.printerId,
      status: printJobs.status,
      locked: printJobs.locked,
      start: printJobs.startsAt,
      end: printJobs.endsAt,
      units: printJobs.units,
    })
    .from(printJobs)
    .where(inArray(printJobs.status, ['planned', 'printing']))
  const { fixedJobs, replaceable } = splitLiveJobs(live, now)
  return {
    input: { now, horizonEnd, orders: schedulerOrders, products: schedulerProducts, printers: schedulerPrinters, fixedJobs },
    replaceable,
    products: productMap,
    orderRefs: new Map(openOrders.map((o) => [o.id, { reference: o.reference, dueDate: o.dueDate, productId: o.productId }])),
    printerNames: new Map(availability.map((a) => [a.printer.id, `${a.printer.assetId} · ${a.printer.name}`])),
  }
}
