/** Composed views of the printers: the fleet list and one printer's page (queries + pure domain functions). */
import {
  availableIntervals,
  computeUtilisation,
  dailyFigures,
  groupByPrinter,
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
} from '~/domain/printers'
import { localDate } from '~/domain/time/zoned'
import { ranJobs } from '~/models/scheduling/job-queries.server'
import { latestEntriesByType, listIntervals, listMaintenanceLog, type MaintenanceEntryView } from './maintenance.server'
import { getPrinter, listPrinters } from './printers.server'
import type { PrinterView } from './rows.server'
import { listWindows, type MaintenanceWindowView } from './windows.server'

// ---- jobs (scheduling module) ---------------------------------------------------------------------------------------

/** Recorded print jobs of these printers that touch [from, to), in the shape `computeUtilisation` takes. */
export async function printerJobsForUtilisation(printerIds: string[], from: Date, to: Date): Promise<UtilisationJob[]> {
  const rows = await ranJobs(printerIds, from, to)
  return rows.flatMap((r) =>
    r.status === 'planned' ? [] : [{ ...r, status: r.status, goodUnits: r.goodUnits ?? 0, scrapUnits: r.scrapUnits ?? 0 }],
  )
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
  const intervals = groupByPrinter(await listIntervals(ids))
  const entries = groupByPrinter(await latestEntriesByType(ids))
  const windows = groupByPrinter(await listWindows(ids, period))
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
  // One round trip for the rest (each awaited read waits its turn behind every other request's work when the shop is busy).
  const [intervalRows, log, windowRows, jobs] = await Promise.all([
    listIntervals([id]),
    listMaintenanceLog(id),
    listWindows([id], { from: period.from < now ? period.from : now }),
    printerJobsForUtilisation([id], period.from, period.to),
  ])
  const intervals = intervalRows.map(({ printerId: _p, ...i }) => i)
  const windows = windowRows.map(({ printerId: _p, ...w }) => w)
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
