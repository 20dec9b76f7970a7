import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { maintenanceIntervals, maintenanceLog, maintenanceWindows, printers } from '~db/schema'
import {
  availableIntervals,
  computeUtilisation,
  dailyFigures,
  maintenanceDue,
  printHoursSinceByCounter,
  type DayFigures,
  type MaintenanceDueResult,
  type MaintenanceInterval,
  type MaintenanceLogEntry,
  type MaintenanceType,
  type Period,
  type PrinterStatus,
  type PrinterUtilisation,
  type UtilisationFigures,
  type UtilisationJob,
  type WeeklyCalendar,
} from '~/domain/printers'
import { localDate } from '~/domain/time/zoned'
import { audit, type Actor } from '~/utils/audit.server'
import { ranJobs } from './scheduling.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'

// ---- shapes -----------------------------------------------------------------------------------------------------------

export interface PrinterView {
  id: string
  assetId: string
  name: string
  model: string
  serial: string
  purchaseDate: string | null
  location: string
  nozzleDiameterMm: string
  materials: string[]
  status: PrinterStatus
  calendar: WeeklyCalendar
  printHours: number
  changeoverMinutes: number
  createdAt: Date
  updatedAt: Date
  version: number
}

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

export interface MaintenanceWindowView {
  id: string
  startsAt: Date
  endsAt: Date
  reason: string
}

const printerColumns = {
  id: printers.id,
  assetId: printers.assetId,
  name: printers.name,
  model: printers.model,
  serial: printers.serial,
  purchaseDate: printers.purchaseDate,
  location: printers.location,
  nozzleDiameterMm: printers.nozzleDiameterMm,
  materials: printers.materials,
  status: printers.status,
  calendar: printers.calendar,
  printHours: printers.printHours,
  changeoverMinutes: printers.changeoverMinutes,
  createdAt: printers.createdAt,
  updatedAt: printers.updatedAt,
  version: printers.version,
}

type PrinterRow = Omit<PrinterView, 'printHours'> & { printHours: string }

const toView = (r: PrinterRow): PrinterView => ({ ...r, printHours: Number(r.printHours) })



/** Intervals a new printer starts with (editable on its page); typical FDM figures, documented in ADR 002. */
export const DEFAULT_INTERVALS: ReadonlyArray<MaintenanceInterval> = [
  { type: 'nozzle_change', everyPrintHours: 500 },
  { type: 'bed_levelling', everyDays: 30 },
  { type: 'belt_tension', everyPrintHours: 1000, everyDays: 180 },
  { type: 'lubrication', everyPrintHours: 300, everyDays: 90 },
  { type: 'cleaning', everyDays: 7 },
]

// ---- printers -----------------------------------------------------------------------------------------------------------

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

export type PrinterChangeResult =
  | { ok: true; printer: PrinterView }
  | { ok: false; reason: 'not_found' | 'conflict' | 'asset_id_taken'; current?: PrinterView }

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

/** Locks the printer row and checks the caller's version (optimistic concurrency, as for users). */
async function lockForChange(tx: DbOrTx, id: string, version: number) {
  const rows = await tx.select(printerColumns).from(printers).where(eq(printers.id, id)).for('update')
  const before = rows[0] ? toView(rows[0]) : null
  if (!before) return { ok: false as const, reason: 'not_found' as const }
  if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
  return { ok: true as const, before }
}

async function bump(tx: DbOrTx, id: string, set: Partial<typeof printers.$inferInsert>) {
  const [row] = await tx
    .update(printers)
    .set({ ...set, updatedAt: sql`now()`, version: sql`${printers.version} + 1` })
    .where(eq(printers.id, id))
    .returning(printerColumns)
  return toView(row)
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

// ---- maintenance windows ---------------------------------------------------------------------------------------------

/** Windows of the printers that overlap [from, to) (all when no range is given), earliest first. */
export async function listWindows(
  printerIds: string[],
  range: { from?: Date; to?: Date } = {},
): Promise<Array<MaintenanceWindowView & { printerId: string }>> {
  if (printerIds.length === 0) return []
  return db
    .select({
      id: maintenanceWindows.id,
      printerId: maintenanceWindows.printerId,
      startsAt: maintenanceWindows.startsAt,
      endsAt: maintenanceWindows.endsAt,
      reason: maintenanceWindows.reason,
    })
    .from(maintenanceWindows)
    .where(
      and(
        inArray(maintenanceWindows.printerId, printerIds),
        range.to ? lt(maintenanceWindows.startsAt, range.to) : undefined,
        range.from ? gt(maintenanceWindows.endsAt, range.from) : undefined,
      ),
    )
    .orderBy(asc(maintenanceWindows.startsAt))
}

export async function addWindow(
  actor: Actor,
  printerId: string,
  input: { startsAt: Date; endsAt: Date; reason: string },
): Promise<{ ok: true; window: MaintenanceWindowView } | { ok: false; reason: 'not_found' }> {
  if (!isUuid(printerId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const exists = await tx.select({ id: printers.id }).from(printers).where(eq(printers.id, printerId))
    if (!exists[0]) return { ok: false as const, reason: 'not_found' as const }
    const [window] = await tx
      .insert(maintenanceWindows)
      .values({ printerId, ...input, createdBy: actor.id })
      .returning({ id: maintenanceWindows.id, startsAt: maintenanceWindows.startsAt, endsAt: maintenanceWindows.endsAt, reason: maintenanceWindows.reason })
    await audit(tx, actor, { action: 'printer.window_add', entityType: 'printer', entityId: printerId, after: window })
    return { ok: true as const, window }
  })
}

export async function deleteWindow(actor: Actor, printerId: string, windowId: string): Promise<{ ok: boolean }> {
  if (!isUuid(printerId) || !isUuid(windowId)) return { ok: false }
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(maintenanceWindows)
      .where(and(eq(maintenanceWindows.id, windowId), eq(maintenanceWindows.printerId, printerId)))
      .returning()
    if (!removed) return { ok: false }
    await audit(tx, actor, { action: 'printer.window_delete', entityType: 'printer', entityId: printerId, before: removed })
    return { ok: true }
  })
}

// ---- jobs (scheduling module) ---------------------------------------------------------------------------------------

/** Recorded print jobs of these printers that touch [from, to), in the shape `computeUtilisation` takes. */
export async function printerJobsForUtilisation(printerIds: string[], from: Date, to: Date): Promise<UtilisationJob[]> {
  const rows = await ranJobs(printerIds, from, to)
  return rows.flatMap((r) =>
    r.status === 'planned' ? [] : [{ ...r, status: r.status, goodUnits: r.goodUnits ?? 0, scrapUnits: r.scrapUnits ?? 0 }],
  )
}

// ---- composed views (queries + pure domain functions) -----------------------------------------------------------------

function groupBy<T extends { printerId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) out.set(r.printerId, [...(out.get(r.printerId) ?? []), r])
  return out
}

export interface FleetRow {
  printer: PrinterView
  due: Pick<MaintenanceDueResult, 'overallStatus' | 'lastInspectionDate'> & { overdue: number; dueSoon: number }
  utilisation: PrinterUtilisation
}

/** The fleet list: each printer's maintenance state and its figures for the period, plus the fleet totals. */
export async function fleetOverview(opts: { now: Date; timeZone: string; period: Period; status?: PrinterStatus }) {
  const { now, timeZone, period } = opts
  const list = await listPrinters({ status: opts.status })
  const ids = list.map((p) => p.id)
  const intervals = groupBy(await listIntervals(ids))
  const entries = groupBy(await latestEntriesByType(ids))
  const windows = groupBy(await listWindows(ids, period))
  const jobs = await printerJobsForUtilisation(ids, period.from, period.to)
  const today = localDate(now, timeZone)
  const availability = list.map((p) => ({
    printerId: p.id,
    intervals: availableIntervals({
      calendar: p.calendar,
      status: p.status,
      maintenanceWindows: (windows.get(p.id) ?? []).map((w) => ({ start: w.startsAt, end: w.endsAt })),
      from: period.from,
      to: period.to,
      timeZone,
    }),
  }))
  const util = computeUtilisation({ jobs, availability, from: period.from, to: period.to, now })
  const rows: FleetRow[] = list.map((printer) => {
    const due = maintenanceDue({ intervals: intervals.get(printer.id) ?? [], log: entries.get(printer.id) ?? [], printHoursNow: printer.printHours, today })
    return {
      printer,
      due: {
        overallStatus: due.overallStatus,
        lastInspectionDate: due.lastInspectionDate,
        overdue: due.items.filter((i) => i.status === 'overdue').length,
        dueSoon: due.items.filter((i) => i.status === 'due_soon').length,
      },
      utilisation: util.printers.find((u) => u.printerId === printer.id)!,
    }
  })
  return { rows, fleet: util.fleet as UtilisationFigures & { printerCount: number }, hasJobs: jobs.length > 0 }
}

export interface PrinterDetail {
  printer: PrinterView
  intervals: MaintenanceInterval[]
  log: MaintenanceEntryView[]
  windows: MaintenanceWindowView[]
  due: MaintenanceDueResult
  hoursSince: Partial<Record<MaintenanceType, number>>
  utilisation: PrinterUtilisation
  days: DayFigures[]
  hasJobs: boolean
}

/** Everything the printer page shows, for the period. Windows listed: those ending after the period starts. */
export async function printerDetail(id: string, opts: { now: Date; timeZone: string; period: Period }): Promise<PrinterDetail | null> {
  const printer = await getPrinter(id)
  if (!printer) return null
  const { now, timeZone, period } = opts
  const intervals = (await listIntervals([id])).map(({ printerId: _p, ...i }) => i)
  const log = await listMaintenanceLog(id)
  const windows = (await listWindows([id], { from: period.from < now ? period.from : now })).map(({ printerId: _p, ...w }) => w)
  const jobs = await printerJobsForUtilisation([id], period.from, period.to)
  const today = localDate(now, timeZone)
  const domainLog: MaintenanceLogEntry[] = log.map((e) => ({ id: e.id, type: e.type, date: e.performedOn, printHours: e.printHours }))
  const due = maintenanceDue({ intervals, log: domainLog, printHoursNow: printer.printHours, today })
  const avail = availableIntervals({
    calendar: printer.calendar,
    status: printer.status,
    maintenanceWindows: windows.map((w) => ({ start: w.startsAt, end: w.endsAt })),
    from: period.from,
    to: period.to,
    timeZone,
  })
  const util = computeUtilisation({ jobs, availability: [{ printerId: id, intervals: avail }], from: period.from, to: period.to, now })
  return {
    printer,
    intervals,
    log,
    windows,
    due,
    hoursSince: printHoursSinceByCounter(domainLog, printer.printHours, today),
    utilisation: util.printers[0],
    days: dailyFigures({ period, printerId: id, intervals: avail, jobs, now, timeZone }),
    hasJobs: jobs.length > 0,
  }
}
