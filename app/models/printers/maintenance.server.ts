/** Maintenance of a printer: its intervals and its log (an entry can raise the print-hour counter). */
import { desc, eq, inArray } from 'drizzle-orm'
import { db } from '~db/client.server'
import { maintenanceIntervals, maintenanceLog, printers } from '~db/schema'
import type { MaintenanceInterval, MaintenanceLogEntry, MaintenanceType } from '~/domain/printers'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { bump, lockForChange, printerColumns, toView, type PrinterChangeResult, type PrinterView } from './rows.server'

export interface MaintenanceEntryView {
  id: string
  type: MaintenanceType
  performedOn: string
  printHours: number
  parts: string
  note: string
  performedByName: string
  createdAt: Date
}

// ---- intervals ----------------------------------------------------------------------------------------------------------

export async function listIntervals(printerIds: string[]): Promise<Array<MaintenanceInterval & { printerId: string }>> {
  if (printerIds.length === 0) return []
  const rows = await db.select().from(maintenanceIntervals).where(inArray(maintenanceIntervals.printerId, printerIds))
  return rows.map((r) => ({
    printerId: r.printerId,
    type: r.type,
    everyPrintHours: r.everyPrintHours === null ? null : Number(r.everyPrintHours),
    everyDays: r.everyDays,
  }))
}

/** Replaces all of a printer's intervals (types left out are no longer scheduled); bumps the printer's version. */
export async function replaceIntervals(
  actor: Actor,
  id: string,
  version: number,
  intervals: ReadonlyArray<MaintenanceInterval>,
): Promise<PrinterChangeResult> {
  if (!isUuid(id)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const lock = await lockForChange(tx, id, version)
    if (!lock.ok) return lock
    const before = await tx.select().from(maintenanceIntervals).where(eq(maintenanceIntervals.printerId, id))
    await tx.delete(maintenanceIntervals).where(eq(maintenanceIntervals.printerId, id))
    if (intervals.length > 0) {
      await tx.insert(maintenanceIntervals).values(
        intervals.map((i) => ({
          printerId: id,
          type: i.type,
          everyPrintHours: i.everyPrintHours ? i.everyPrintHours.toFixed(1) : null,
          everyDays: i.everyDays ?? null,
        })),
      )
    }
    const printer = await bump(tx, id, {})
    await audit(tx, actor, { action: 'printer.intervals', entityType: 'printer', entityId: id, before, after: intervals })
    return { ok: true as const, printer }
  })
}

// ---- maintenance log -------------------------------------------------------------------------------------------------

const entryColumns = {
  id: maintenanceLog.id,
  printerId: maintenanceLog.printerId,
  type: maintenanceLog.type,
  performedOn: maintenanceLog.performedOn,
  printHours: maintenanceLog.printHours,
  parts: maintenanceLog.parts,
  note: maintenanceLog.note,
  performedByName: maintenanceLog.performedByName,
  createdAt: maintenanceLog.createdAt,
}

export async function listMaintenanceLog(printerId: string, limit = 200): Promise<MaintenanceEntryView[]> {
  const rows = await db
    .select(entryColumns)
    .from(maintenanceLog)
    .where(eq(maintenanceLog.printerId, printerId))
    .orderBy(desc(maintenanceLog.performedOn), desc(maintenanceLog.printHours), desc(maintenanceLog.createdAt))
    .limit(limit)
  return rows.map(({ printerId: _p, ...r }) => ({ ...r, printHours: Number(r.printHours) }))
}

/** The latest entry per printer and type: all `maintenanceDue` needs for the fleet list. */
export async function latestEntriesByType(printerIds: string[]): Promise<Array<MaintenanceLogEntry & { printerId: string }>> {
  if (printerIds.length === 0) return []
  const rows = await db
    .selectDistinctOn([maintenanceLog.printerId, maintenanceLog.type], entryColumns)
    .from(maintenanceLog)
    .where(inArray(maintenanceLog.printerId, printerIds))
    .orderBy(maintenanceLog.printerId, maintenanceLog.type, desc(maintenanceLog.performedOn), desc(maintenanceLog.printHours))
  return rows.map((r) => ({ id: r.id, printerId: r.printerId, type: r.type, date: r.performedOn, printHours: Number(r.printHours) }))
}

export interface NewMaintenanceEntry {
  type: MaintenanceType
  performedOn: string
  printHours: number
  parts: string
  note: string
}

export type LogMaintenanceResult =
  | { ok: true; entry: MaintenanceEntryView; counterRaised: boolean; printer: PrinterView }
  | { ok: false; reason: 'not_found' }

/**
 * Appends a log entry (validated by the caller with `validateMaintenanceEntry`). An entry reporting more print hours than
 * the printer's counter raises the counter to it — the counter is an odometer — and bumps the printer's version.
 */
export async function logMaintenance(
  actor: Actor & { displayName: string },
  printerId: string,
  input: NewMaintenanceEntry,
): Promise<LogMaintenanceResult> {
  if (!isUuid(printerId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const rows = await tx.select(printerColumns).from(printers).where(eq(printers.id, printerId)).for('update')
    if (!rows[0]) return { ok: false as const, reason: 'not_found' as const }
    let printer = toView(rows[0])
    const [row] = await tx
      .insert(maintenanceLog)
      .values({
        printerId,
        type: input.type,
        performedOn: input.performedOn,
        printHours: input.printHours.toFixed(1),
        parts: input.parts,
        note: input.note,
        performedBy: actor.id,
        performedByName: actor.displayName,
      })
      .returning(entryColumns)
    const counterBefore = printer.printHours
    const counterRaised = input.printHours > counterBefore
    if (counterRaised) printer = await bump(tx, printerId, { printHours: input.printHours.toFixed(1) })
    const { printerId: _p, ...rest } = row
    const entry = { ...rest, printHours: Number(row.printHours) }
    await audit(tx, actor, {
      action: 'printer.maintenance_log',
      entityType: 'printer',
      entityId: printerId,
      after: { entry, counterBefore, counterAfter: printer.printHours },
    })
    return { ok: true as const, entry, counterRaised, printer }
  })
}
