/** The printer register: list, read, create (with the default maintenance intervals), change under the version check. */
import { asc, eq } from 'drizzle-orm'
import { db } from '~db/client.server'
import { maintenanceIntervals, printers } from '~db/schema'
import { DEFAULT_INTERVALS, type PrinterStatus, type WeeklyCalendar } from '~/domain/printers'
import { audit, type Actor } from '~/utils/audit.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'
import { bump, lockForChange, printerColumns, toView, type PrinterChangeResult, type PrinterView } from './rows.server'

export interface PrinterInput {
  assetId: string
  name: string
  model: string
  serial: string
  purchaseDate: string | null
  location: string
  nozzleDiameterMm: number
  materials: string[]
  status: PrinterStatus
  printHours: number
  /** Minimum gap between two jobs (the scheduler keeps it). */
  changeoverMinutes: number
}

export async function listPrinters(filter: { status?: PrinterStatus } = {}): Promise<PrinterView[]> {
  const rows = await db
    .select(printerColumns)
    .from(printers)
    .where(filter.status ? eq(printers.status, filter.status) : undefined)
    .orderBy(asc(printers.assetId))
  return rows.map(toView)
}

export async function getPrinter(id: string): Promise<PrinterView | null> {
  if (!isUuid(id)) return null
  const rows = await db.select(printerColumns).from(printers).where(eq(printers.id, id))
  return rows[0] ? toView(rows[0]) : null
}

const dbValues = (input: Partial<PrinterInput>) => ({
  ...input,
  ...(input.nozzleDiameterMm !== undefined && { nozzleDiameterMm: input.nozzleDiameterMm.toFixed(2) }),
  ...(input.printHours !== undefined && { printHours: input.printHours.toFixed(1) }),
})

export async function createPrinter(actor: Actor, input: PrinterInput & { calendar: WeeklyCalendar }): Promise<PrinterChangeResult> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(printers)
        .values({ ...dbValues(input), calendar: input.calendar } as typeof printers.$inferInsert)
        .returning(printerColumns)
      const intervals = DEFAULT_INTERVALS.map((i) => ({
        printerId: row.id,
        type: i.type,
        everyPrintHours: i.everyPrintHours ? String(i.everyPrintHours) : null,
        everyDays: i.everyDays ?? null,
      }))
      await tx.insert(maintenanceIntervals).values(intervals)
      const printer = toView(row)
      await audit(tx, actor, { action: 'printer.create', entityType: 'printer', entityId: printer.id, after: { ...printer, intervals: DEFAULT_INTERVALS } })
      return { ok: true as const, printer }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'asset_id_taken' }
    throw e
  }
}

/**
 * Changes a printer's register fields and/or calendar under optimistic concurrency: an older `version` is a conflict that
 * carries the newer record. `action` names the audit row ('printer.update', 'printer.calendar').
 */
export async function changePrinter(
  actor: Actor,
  id: string,
  version: number,
  patch: Partial<PrinterInput> & { calendar?: WeeklyCalendar },
  action: string,
): Promise<PrinterChangeResult> {
  if (!isUuid(id)) return { ok: false, reason: 'not_found' }
  try {
    return await db.transaction(async (tx) => {
      const lock = await lockForChange(tx, id, version)
      if (!lock.ok) return lock
      const after = await bump(tx, id, dbValues(patch) as Partial<typeof printers.$inferInsert>)
      await audit(tx, actor, { action, entityType: 'printer', entityId: id, before: lock.before, after })
      return { ok: true as const, printer: after }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'asset_id_taken' }
    throw e
  }
}
