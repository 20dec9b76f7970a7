/**
 * The bench view of a printer (what an operator sees after scanning its label): the job printing now and how far it is,
 * the next jobs, the spool to load; and each printer's current or next job for the fleet list. Reads only: the actions
 * (start, record output, fail) go through the scheduling module's job functions.
 */
import { and, asc, eq, gt, inArray, or } from 'drizzle-orm'
import { db } from '~db/client.server'
import { orders, printJobs, products } from '~db/schema'
import { jobProgress, spoolToLoad, type JobProgress } from '~/domain/printers/bench'
import { plannedGramsMg } from '~/domain/scheduling/output'
import { activeSpoolsToLoad, filamentIdsOf } from '~/models/inventory/spools.server'
import { getJob, type JobView } from '~/models/scheduling/job-queries.server'
import { isUuid } from '~/utils/ids'

/** How many planned jobs after the next one the bench lists. */
const LATER = 3

export interface BenchJob {
  id: string
  orderId: string
  orderReference: string
  productName: string
  units: number
  unitsPerPlate: number
  material: string
  colour: string
  colourHex: string | null
  startsAt: Date
  endsAt: Date
  locked: boolean
  version: number
  /** Filament the job is planned to use (the record form's default), mg. */
  plannedMg: number
}

export interface BenchSpool {
  id: string
  brand: string
  batch: string
  location: string
  remainingMg: number
}

export interface PrinterBench {
  current: (BenchJob & { progress: JobProgress }) | null
  next: BenchJob | null
  later: BenchJob[]
  /** The spool to load for the current job (or, when nothing prints, for the next one). */
  load: { for: 'current' | 'next'; material: string; colour: string; colourHex: string | null; neededMg: number; spool: BenchSpool | null; thenFrom: BenchSpool[]; shortMg: number } | null
  /** Active spools of the current job's material + colour (the record form's choices), FIFO first. */
  spools: BenchSpool[]
}

function benchJob(j: JobView): BenchJob {
  return {
    id: j.id,
    orderId: j.orderId,
    orderReference: j.orderReference,
    productName: j.productName,
    units: j.units,
    unitsPerPlate: j.unitsPerPlate,
    material: j.material,
    colour: j.colour,
    colourHex: j.colourHex,
    startsAt: j.startsAt,
    endsAt: j.endsAt,
    locked: j.locked,
    version: j.version,
    plannedMg: plannedGramsMg(j),
  }
}

const brief = (s: { id: string; brand: string; batch: string; location: string; remainingMg: number }): BenchSpool => ({
  id: s.id,
  brand: s.brand,
  batch: s.batch,
  location: s.location,
  remainingMg: s.remainingMg,
})

/** Live jobs of one printer: the printing one(s) and the planned ones not over yet, in start order. */
async function liveJobIds(printerId: string, now: Date, limit: number) {
  return db
    .select({ id: printJobs.id, status: printJobs.status })
    .from(printJobs)
    .where(and(eq(printJobs.printerId, printerId), or(eq(printJobs.status, 'printing'), and(eq(printJobs.status, 'planned'), gt(printJobs.endsAt, now)))))
    .orderBy(asc(printJobs.startsAt), asc(printJobs.id))
    .limit(limit)
}

export async function printerBench(printerId: string, now: Date): Promise<PrinterBench> {
  const empty: PrinterBench = { current: null, next: null, later: [], load: null, spools: [] }
  if (!isUuid(printerId)) return empty
  const live = await liveJobIds(printerId, now, LATER + 4)
  const jobs = (await Promise.all(live.map((r) => getJob(r.id)))).filter((j): j is JobView => j !== null)
  const printing = jobs.find((j) => j.status === 'printing') ?? null
  const planned = jobs.filter((j) => j.status === 'planned')
  const current = printing ? { ...benchJob(printing), progress: jobProgress(printing, now) } : null
  const next = planned[0] ? benchJob(planned[0]) : null
  const later = planned.slice(1, 1 + LATER).map(benchJob)
  const focus = current ?? next
  if (!focus) return { ...empty, current, next, later }
  // Only the spools of the job's material + colour (the FIFO picks among those; a shop has thousands of spools).
  const filamentIds = await filamentIdsOf(focus.material, focus.colour)
  const active = await activeSpoolsToLoad(filamentIds)
  const pick = spoolToLoad(active, focus, focus.plannedMg)
  const ofCurrent = current ? spoolToLoad(active, current, Number.MAX_SAFE_INTEGER) : null
  return {
    current,
    next,
    later,
    load: {
      for: current ? 'current' : 'next',
      material: focus.material,
      colour: focus.colour,
      colourHex: focus.colourHex,
      neededMg: focus.plannedMg,
      spool: pick.spool ? brief(pick.spool) : null,
      thenFrom: pick.thenFrom.map(brief),
      shortMg: pick.shortMg,
    },
    spools: ofCurrent ? [ofCurrent.spool, ...ofCurrent.thenFrom].filter((s) => s !== null).map(brief) : [],
  }
}

export interface JobLine {
  id: string
  reference: string
  productName: string
  units: number
  startsAt: Date
  endsAt: Date
  actualStart: Date | null
}

/**
 * Per printer, the job printing now (the earliest, should there be two) and the next planned job not over yet:
 * `distinct on (printer, status)` over the live jobs, then only those rows are joined to their order and product.
 */
export async function currentJobsByPrinter(printerIds: string[], now: Date) {
  const printing = new Map<string, JobLine>()
  const next = new Map<string, JobLine>()
  const ids = printerIds.filter(isUuid)
  if (!ids.length) return { printing, next }
  const j = printJobs
  const live = db
    .selectDistinctOn([j.printerId, j.status], {
      id: j.id,
      printerId: j.printerId,
      status: j.status,
      orderId: j.orderId,
      productId: j.productId,
      units: j.units,
      startsAt: j.startsAt,
      endsAt: j.endsAt,
      actualStart: j.actualStart,
    })
    .from(j)
    .where(and(inArray(j.printerId, ids), or(eq(j.status, 'printing'), and(eq(j.status, 'planned'), gt(j.endsAt, now)))))
    .orderBy(j.printerId, j.status, asc(j.startsAt))
    .as('live')
  const rows = await db
    .select({
      id: live.id,
      printerId: live.printerId,
      status: live.status,
      units: live.units,
      startsAt: live.startsAt,
      endsAt: live.endsAt,
      actualStart: live.actualStart,
      reference: orders.reference,
      productName: products.name,
    })
    .from(live)
    .innerJoin(orders, eq(orders.id, live.orderId))
    .innerJoin(products, eq(products.id, live.productId))
  for (const { printerId, status, ...r } of rows) (status === 'printing' ? printing : next).set(printerId, r)
  return { printing, next }
}
