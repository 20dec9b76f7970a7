/** Reading print jobs: the job view (Gantt, order page, job page), recorded output per order, and feeds for other modules. */
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, lte, ne, or, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { filaments, orders, printers, printJobs, products } from '~db/schema'
import { gramsNumericToMg } from '~/domain/inventory/mass'
import type { JobStatus } from '~/domain/scheduling/jobs'
import { isUuid } from '~/utils/ids'

export interface JobView {
  id: string
  orderId: string
  orderReference: string
  orderDueDate: string | null
  productId: string
  productName: string
  printerId: string
  printerName: string
  printerAssetId: string
  status: JobStatus
  locked: boolean
  source: string
  startsAt: Date
  endsAt: Date
  units: number
  unitsPerPlate: number
  minutesPerPlate: number
  gramsPerUnit: string
  filamentId: string | null
  material: string
  colour: string
  colourHex: string | null
  actualStart: Date | null
  actualEnd: Date | null
  goodUnits: number | null
  scrapUnits: number | null
  gramsUsed: string | null
  spoolId: string | null
  finishedByName: string | null
  note: string
  version: number
  updatedAt: Date
}

const jobColumns = {
  id: printJobs.id,
  orderId: printJobs.orderId,
  orderReference: orders.reference,
  orderDueDate: orders.dueDate,
  productId: printJobs.productId,
  productName: products.name,
  printerId: printJobs.printerId,
  printerName: printers.name,
  printerAssetId: printers.assetId,
  status: printJobs.status,
  locked: printJobs.locked,
  source: printJobs.source,
  startsAt: printJobs.startsAt,
  endsAt: printJobs.endsAt,
  units: printJobs.units,
  unitsPerPlate: printJobs.unitsPerPlate,
  minutesPerPlate: printJobs.minutesPerPlate,
  gramsPerUnit: printJobs.gramsPerUnit,
  filamentId: printJobs.filamentId,
  material: printJobs.material,
  colour: printJobs.colour,
  colourHex: filaments.colourHex,
  actualStart: printJobs.actualStart,
  actualEnd: printJobs.actualEnd,
  goodUnits: printJobs.goodUnits,
  scrapUnits: printJobs.scrapUnits,
  gramsUsed: printJobs.gramsUsed,
  spoolId: printJobs.spoolId,
  finishedByName: printJobs.finishedByName,
  note: printJobs.note,
  version: printJobs.version,
  updatedAt: printJobs.updatedAt,
}

const selectJobs = (tx: DbOrTx = db) =>
  tx
    .select(jobColumns)
    .from(printJobs)
    .innerJoin(orders, eq(orders.id, printJobs.orderId))
    .innerJoin(products, eq(products.id, printJobs.productId))
    .innerJoin(printers, eq(printers.id, printJobs.printerId))
    .leftJoin(filaments, eq(filaments.id, printJobs.filamentId))

export async function getJob(id: string, tx: DbOrTx = db): Promise<JobView | null> {
  if (!isUuid(id)) return null
  const [row] = await selectJobs(tx).where(eq(printJobs.id, id))
  return row ?? null
}

/**
 * A printer's jobs that a print it just started may be (live printers): planned or printing, starting before `before`,
 * earliest first, at most `limit`. One query, whatever their number.
 */
export async function openJobsOfPrinter(printerId: string, before: Date, limit: number): Promise<JobView[]> {
  return selectJobs()
    .where(and(eq(printJobs.printerId, printerId), inArray(printJobs.status, ['planned', 'printing']), lte(printJobs.startsAt, before)))
    .orderBy(asc(printJobs.startsAt), asc(printJobs.id))
    .limit(limit)
}

/** Jobs (not cancelled) whose slot touches [from, to), for the Gantt. */
export async function jobsBetween(from: Date, to: Date, printerIds?: string[]): Promise<JobView[]> {
  const where = [lt(printJobs.startsAt, to), gt(printJobs.endsAt, from), ne(printJobs.status, 'cancelled')]
  if (printerIds) where.push(inArray(printJobs.printerId, printerIds.length ? printerIds : ['00000000-0000-0000-0000-000000000000']))
  return selectJobs()
    .where(and(...where))
    .orderBy(asc(printJobs.printerId), asc(printJobs.startsAt))
}

/** An order's jobs, newest plan first (order detail page). */
export async function jobsOfOrder(orderId: string): Promise<JobView[]> {
  if (!isUuid(orderId)) return []
  return selectJobs().where(eq(printJobs.orderId, orderId)).orderBy(asc(printJobs.startsAt))
}

/** Good units recorded per order (done and failed jobs) and whether any job has started. */
export async function outputByOrder(tx: DbOrTx, orderIds: readonly string[]) {
  const out = new Map<string, { producedGood: number; hasStartedJobs: boolean; heldUnits: number }>()
  if (!orderIds.length) return out
  const rows = await tx
    .select({
      orderId: printJobs.orderId,
      producedGood: sql<string>`coalesce(sum(${printJobs.goodUnits}) filter (where ${printJobs.status} in ('done', 'failed')), 0)`,
      started: sql<boolean>`coalesce(bool_or(${printJobs.status} in ('printing', 'done', 'failed')), false)`,
      held: sql<string>`coalesce(sum(${printJobs.units}) filter (where ${printJobs.status} = 'printing' or (${printJobs.status} = 'planned' and ${printJobs.locked})), 0)`,
    })
    .from(printJobs)
    .where(inArray(printJobs.orderId, [...orderIds]))
    .groupBy(printJobs.orderId)
  for (const r of rows) out.set(r.orderId, { producedGood: Number(r.producedGood), hasStartedJobs: Boolean(r.started), heldUnits: Number(r.held) })
  return out
}

/** What the orders module shows as produced (see orders.server.ts `producedByOrder`). */
export async function recordedOutput(orderIds: readonly string[], tx: DbOrTx = db) {
  return outputByOrder(tx, orderIds)
}

/** Jobs that ran on these printers and touch [from, to) (utilisation). */
export async function ranJobs(printerIds: string[], from: Date, to: Date) {
  if (!printerIds.length) return []
  return db
    .select({
      id: printJobs.id,
      printerId: printJobs.printerId,
      status: printJobs.status,
      actualStart: printJobs.actualStart,
      actualEnd: printJobs.actualEnd,
      goodUnits: printJobs.goodUnits,
      scrapUnits: printJobs.scrapUnits,
    })
    .from(printJobs)
    .where(
      and(
        inArray(printJobs.printerId, printerIds),
        isNotNull(printJobs.actualStart),
        lt(printJobs.actualStart, to),
        // A job ending exactly at `from` still counts here: its units belong to the period containing its end.
        or(sql`${printJobs.actualEnd} is null`, gte(printJobs.actualEnd, from)),
      ),
    )
}

/** Actuals of a product's done jobs (grams-per-unit suggestion). */
export async function doneJobActuals(productId: string) {
  if (!isUuid(productId)) return []
  const rows = await db
    .select({ goodUnits: printJobs.goodUnits, scrapUnits: printJobs.scrapUnits, gramsUsed: printJobs.gramsUsed })
    .from(printJobs)
    .where(and(eq(printJobs.productId, productId), eq(printJobs.status, 'done')))
    .orderBy(desc(printJobs.actualEnd))
    .limit(200)
  return rows.map((r) => ({ goodUnits: r.goodUnits ?? 0, scrapUnits: r.scrapUnits ?? 0, gramsUsedMg: r.gramsUsed === null ? null : gramsNumericToMg(r.gramsUsed) }))
}

/** Finished jobs, newest first (recent products). */
export async function latestFinishedJobs(limit: number) {
  return db
    .select({ productId: printJobs.productId, finishedAt: printJobs.actualEnd })
    .from(printJobs)
    .where(and(inArray(printJobs.status, ['done', 'failed']), isNotNull(printJobs.actualEnd)))
    .orderBy(desc(printJobs.actualEnd))
    .limit(limit)
}
