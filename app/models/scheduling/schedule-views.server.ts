/** Read models of the schedule pages: the Gantt week, and the warnings over a period (overlaps, jobs over maintenance). */
import { db } from '~db/client.server'
import { findOverlaps } from '~/domain/scheduling'
import { dueInstant } from '~/domain/scheduling/due'
import { layoutGantt, ganttPeriod } from '~/domain/scheduling/gantt'
import { liveJobsInMaintenance } from '~/domain/scheduling/maintenance'
import type { LocalDate } from '~/domain/time/zoned'
import { printerAvailability, windowsByPrinter } from './availability.server'
import { jobsBetween } from './job-queries.server'

/** A job is shown as overdue (late start, or still printing past its end) after this grace. */
const GRACE_MS = 10 * 60_000

export async function ganttWeek(startDate: LocalDate, now: Date, timeZone: string, days = 7) {
  const { from, to } = ganttPeriod(startDate, days, timeZone)
  const [availability, jobs] = await Promise.all([printerAvailability(db, from, to), jobsBetween(from, to)])
  const due = new Map<string, Date>()
  const dueOf = (d: string) => due.get(d) ?? due.set(d, dueInstant(d, timeZone)).get(d)!
  const ganttJobs = jobs.map((j) => ({
    id: j.id,
    printerId: j.printerId,
    start: j.startsAt,
    end: j.endsAt,
    status: j.status,
    locked: j.locked,
    late: (j.status === 'planned' || j.status === 'printing') && j.orderDueDate !== null && j.endsAt > dueOf(j.orderDueDate),
    reference: j.orderReference,
    product: j.productName,
    units: j.units,
    colourHex: j.colourHex,
    colour: j.colour,
  }))
  const layout = layoutGantt({
    startDate,
    days,
    timeZone,
    now,
    minBarPct: 1.6,
    rows: availability.map((a) => ({
      id: a.printer.id,
      available: a.available,
      maintenance: a.windows,
      jobs: ganttJobs.filter((j) => j.printerId === a.printer.id),
    })),
  })
  const overMaintenance = liveJobsInMaintenance(jobs, new Map(availability.map((a) => [a.printer.id, a.windows]))).length
  const overlaps = findOverlaps(jobs.map((j) => ({ id: j.id, printerId: j.printerId, start: j.startsAt, end: j.endsAt, ref: j.orderReference, printer: j.printerName }))).filter((o) => o.kind === 'overlap')
  return {
    layout,
    printers: availability.map((a) => ({ id: a.printer.id, label: a.printer.assetId, name: a.printer.name, status: a.printer.status })),
    overMaintenance,
    overlaps: overlaps.map((o) => ({ printer: o.first.printer, a: o.first.ref, b: o.second.ref })),
    printingNow: jobs.filter((j) => j.status === 'printing').length,
    upNext: availability.map((a) => {
      const mine = jobs.filter((j) => j.printerId === a.printer.id)
      const printing = mine.find((j) => j.status === 'printing') ?? null
      const next = mine.filter((j) => j.status === 'planned' && j.endsAt > now).sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())[0] ?? null
      const brief = (j: (typeof jobs)[number] | null) =>
        j && { id: j.id, reference: j.orderReference, product: j.productName, units: j.units, startsAt: j.startsAt, endsAt: j.endsAt, overdue: (j.status === 'printing' ? j.endsAt.getTime() : j.startsAt.getTime()) < now.getTime() - GRACE_MS }
      return { printerId: a.printer.id, label: a.printer.assetId, printing: brief(printing), next: brief(next) }
    }),
  }
}

/** Overlapping live jobs (should never exist: the database refuses them) and jobs over maintenance windows. */
export async function scheduleWarnings(from: Date, to: Date) {
  const jobs = await jobsBetween(from, to)
  const live = jobs.filter((j) => j.status === 'planned' || j.status === 'printing')
  const overlaps = findOverlaps(live.map((j) => ({ id: j.id, printerId: j.printerId, start: j.startsAt, end: j.endsAt })))
  const windows = await windowsByPrinter(db, [...new Set(live.map((j) => j.printerId))], from, to)
  return { overlaps, overMaintenance: liveJobsInMaintenance(jobs, windows).map((j) => j.id) }
}
