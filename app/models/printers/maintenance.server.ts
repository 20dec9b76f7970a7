/**
 * Maintenance of a printer: its intervals and its log. An entry (logged, or corrected by a planner) can raise the
 * print-hour counter, never lower it; a planner may remove a mistaken entry (soft: it stays in the table, out of every
 * reader) and restore it. Each change is one transaction with its audit row; entries carry a version for conflicts.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { db, type DbOrTx } from '~db/client.server'
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
  version: number
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
  version: maintenanceLog.version,
}

/** Entries a planner removed are left out of every reader (history, due maintenance, fleet, dashboard). */
const live = isNull(maintenanceLog.removedAt)

/** The printer's history, newest first; removed entries left out. */
export async function listMaintenanceLog(printerId: string, limit = 200): Promise<MaintenanceEntryView[]> {
  const rows = await db
    .select(entryColumns)
    .from(maintenanceLog)
    .where(and(eq(maintenanceLog.printerId, printerId), live))
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
    .where(and(inArray(maintenanceLog.printerId, printerIds), live))
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

// ---- corrections by a planner: correct, remove (soft), restore --------------------------------------------------------

/** An entry as its correct/remove/restore sees it: whether it is removed, and by whom. */
export interface MaintenanceEntryState extends MaintenanceEntryView {
  removedAt: Date | null
  removedByName: string | null
}

export type EntryChangeResult =
  | { ok: true; entry: MaintenanceEntryState; changed: boolean; counterRaised: boolean; printer: PrinterView }
  | { ok: false; reason: 'not_found' }
  /** Stale version, or the entry is not in the state the change needs (already removed / not removed): the current one. */
  | { ok: false; reason: 'conflict'; current: MaintenanceEntryState }

const stateColumns = { ...entryColumns, removedAt: maintenanceLog.removedAt, removedByName: maintenanceLog.removedByName }

type StateRow = Omit<MaintenanceEntryState, 'printHours'> & { printHours: string; printerId: string }
const toState = ({ printerId: _p, ...r }: StateRow): MaintenanceEntryState => ({ ...r, printHours: Number(r.printHours) })

/** One entry of a printer as it stands (removed or not); null when there is none. */
export async function getMaintenanceEntry(printerId: string, entryId: string): Promise<MaintenanceEntryState | null> {
  if (!isUuid(printerId) || !isUuid(entryId)) return null
  const [row] = await db
    .select(stateColumns)
    .from(maintenanceLog)
    .where(and(eq(maintenanceLog.id, entryId), eq(maintenanceLog.printerId, printerId)))
  return row ? toState(row) : null
}

/** What the history shows of an entry (and the audit row records): its fields without bookkeeping. */
const auditView = (e: MaintenanceEntryState) => ({ type: e.type, performedOn: e.performedOn, printHours: e.printHours, parts: e.parts, note: e.note, performedByName: e.performedByName })

/**
 * Locks the printer (its counter may rise, as `logMaintenance` locks it) and then the entry, and checks the caller's
 * version and that the entry is live (`wantRemoved` false) or removed (true).
 */
async function lockEntry(tx: DbOrTx, printerId: string, entryId: string, version: number, wantRemoved: boolean) {
  const printerRows = await tx.select(printerColumns).from(printers).where(eq(printers.id, printerId)).for('update')
  if (!printerRows[0]) return { ok: false as const, reason: 'not_found' as const }
  const [row] = await tx
    .select(stateColumns)
    .from(maintenanceLog)
    .where(and(eq(maintenanceLog.id, entryId), eq(maintenanceLog.printerId, printerId)))
    .for('update')
  if (!row) return { ok: false as const, reason: 'not_found' as const }
  const current = toState(row)
  if (current.version !== version || (current.removedAt !== null) !== wantRemoved) return { ok: false as const, reason: 'conflict' as const, current }
  return { ok: true as const, current, printer: toView(printerRows[0]) }
}

async function writeEntry(tx: DbOrTx, entryId: string, set: PgUpdateSetSource<typeof maintenanceLog>) {
  const [row] = await tx
    .update(maintenanceLog)
    .set({ ...set, version: sql`${maintenanceLog.version} + 1` })
    .where(eq(maintenanceLog.id, entryId))
    .returning(stateColumns)
  return toState(row)
}

/** Raises the counter to `hours` when it is below (an odometer: never lowered here); the printer as it is then. */
async function raiseCounter(tx: DbOrTx, printer: PrinterView, hours: number) {
  if (hours <= printer.printHours) return { printer, raised: false }
  return { printer: await bump(tx, printer.id, { printHours: hours.toFixed(1) }), raised: true }
}

/**
 * Corrects a live entry at the version the planner saw (validated by the caller with `validateMaintenanceEntry`). More
 * print hours than the counter raise the counter, as logging does; fewer never lower it. Nothing changed: no write.
 */
export async function correctMaintenanceEntry(
  actor: Actor,
  printerId: string,
  entryId: string,
  version: number,
  input: NewMaintenanceEntry,
): Promise<EntryChangeResult> {
  if (!isUuid(printerId) || !isUuid(entryId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const lock = await lockEntry(tx, printerId, entryId, version, false)
    if (!lock.ok) return lock
    const { current } = lock
    const hours = Number(input.printHours.toFixed(1))
    const same =
      current.type === input.type && current.performedOn === input.performedOn && current.printHours === hours && current.parts === input.parts && current.note === input.note
    if (same) return { ok: true as const, entry: current, changed: false, counterRaised: false, printer: lock.printer }
    const entry = await writeEntry(tx, entryId, { type: input.type, performedOn: input.performedOn, printHours: hours.toFixed(1), parts: input.parts, note: input.note })
    const counter = await raiseCounter(tx, lock.printer, hours)
    await audit(tx, actor, {
      action: 'printer.maintenance_correct',
      entityType: 'printer',
      entityId: printerId,
      before: { ...auditView(current), counter: lock.printer.printHours },
      after: { ...auditView(entry), counter: counter.printer.printHours },
    })
    return { ok: true as const, entry, changed: true, counterRaised: counter.raised, printer: counter.printer }
  })
}

/** Removes a live entry (soft) at the version the planner saw; the counter stays as it is. */
export async function removeMaintenanceEntry(actor: Actor & { displayName: string }, printerId: string, entryId: string, version: number): Promise<EntryChangeResult> {
  if (!isUuid(printerId) || !isUuid(entryId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const lock = await lockEntry(tx, printerId, entryId, version, false)
    if (!lock.ok) return lock
    const entry = await writeEntry(tx, entryId, { removedAt: sql`now()`, removedByName: actor.displayName })
    // Before: the entry as the history showed it; after: nothing (it left the history).
    await audit(tx, actor, { action: 'printer.maintenance_remove', entityType: 'printer', entityId: printerId, before: auditView(lock.current), after: null })
    return { ok: true as const, entry, changed: true, counterRaised: false, printer: lock.printer }
  })
}

/** Brings a removed entry back (the toast's Undo) at the version the removal left; it raises the counter like logging. */
export async function restoreMaintenanceEntry(actor: Actor, printerId: string, entryId: string, version: number): Promise<EntryChangeResult> {
  if (!isUuid(printerId) || !isUuid(entryId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const lock = await lockEntry(tx, printerId, entryId, version, true)
    if (!lock.ok) return lock
    const entry = await writeEntry(tx, entryId, { removedAt: null, removedByName: null })
    const counter = await raiseCounter(tx, lock.printer, entry.printHours)
    await audit(tx, actor, {
      action: 'printer.maintenance_restore',
      entityType: 'printer',
      entityId: printerId,
      before: null,
      after: { ...auditView(entry), ...(counter.raised ? { counter: counter.printer.printHours } : {}) },
    })
    return { ok: true as const, entry, changed: true, counterRaised: counter.raised, printer: counter.printer }
  })
}
