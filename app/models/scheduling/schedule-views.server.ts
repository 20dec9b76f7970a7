/** Read models of the schedule pages: the planning board, its agenda view, and the warnings over a period. */
import { asc, ne, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { filaments, orders, printers, printJobs, products } from '~db/schema'
import { availableIntervals } from '~/domain/printers/calendar'
import { findOverlaps } from '~/domain/scheduling'
import { dueInstant } from '~/domain/scheduling/due'
import { ganttPeriod, layoutGantt, tickHoursOf, ZOOM_DAYS, type GanttZoom } from '~/domain/scheduling/gantt'
import { agendaOf } from '~/domain/scheduling/gantt-agenda'
import { toBoardData, type BoardJobSource } from '~/domain/scheduling/gantt-board'
import { groupMinPx } from '~/domain/scheduling/gantt-layout'
import { liveJobsInMaintenance } from '~/domain/scheduling/maintenance'
import type { TimeSpan } from '~/domain/scheduling/types'
import { subtractIntervals } from '~/domain/time/intervals'
import { addDays, startOfLocalDate, type LocalDate } from '~/domain/time/zoned'
import { locales, translator } from '~/i18n'
import { packedRows } from '../packed-rows.server'
import { windowsByPrinter } from './availability.server'
import { jobsBetween } from './job-queries.server'

/** One job of the board as PostgreSQL sends it: [id, printer, start ms, end ms, status, locked, version, units, order number, due date, product, colour]. */
type BoardJobRow = [string, string, number, number, BoardJobSource['status'], boolean, number, number, string, string | null, string, string | null]

/**
 * The jobs (not cancelled) touching [from, to): only the columns the board shows, packed by the database (a week of 50
 * printers is thousands of rows; see packedRows). Times come as epoch milliseconds.
 */
async function boardJobs(from: Date, to: Date, timeZone: string): Promise<BoardJobSource[]> {
  const rows = await packedRows<BoardJobRow>({
    columns: [
      sql`j.id`,
      sql`j.printer_id`,
      sql`extract(epoch from j.starts_at) * 1000`,
      sql`extract(epoch from j.ends_at) * 1000`,
      sql`j.status`,
      sql`j.locked`,
      sql`j.version`,
      sql`j.units`,
      sql`o.reference`,
      sql`o.due_date`,
      sql`p.name`,
      sql`f.colour_hex`,
    ],
    from: sql`${printJobs} j join ${orders} o on o.id = j.order_id join ${products} p on p.id = j.product_id left join ${filaments} f on f.id = j.filament_id`,
    where: sql`j.starts_at < ${to.toISOString()}::timestamptz and j.ends_at > ${from.toISOString()}::timestamptz and j.status <> 'cancelled'`,
    orderBy: [sql`j.printer_id`, sql`j.starts_at`],
  })
  const due = new Map<string, number>()
  const dueOf = (d: string) => due.get(d) ?? due.set(d, dueInstant(d, timeZone).getTime()).get(d)!
  return rows.map(([id, printerId, start, end, status, locked, version, units, reference, dueDate, product, colourHex]) => ({
    id,
    printerId,
    start: new Date(start),
    end: new Date(end),
    status,
    locked,
    version,
    units,
    reference,
    product,
    colourHex,
    late: (status === 'planned' || status === 'printing') && dueDate !== null && end > dueOf(dueDate),
  }))
}

/**
 * The printers (not retired) and when each can print in [from, to): the same as `printerAvailability`, but a calendar
 * shared by many printers (the presets) is turned into intervals once — that zone arithmetic was a fifth of the
 * board's server time at 50 printers.
 */
async function boardAvailability(from: Date, to: Date, timeZone: string) {
  const list = await db
    .select({ id: printers.id, name: printers.name, assetId: printers.assetId, status: printers.status, calendar: printers.calendar })
    .from(printers)
    .where(ne(printers.status, 'retired'))
    .orderBy(asc(printers.assetId))
  const windows = await windowsByPrinter(
    db,
    list.map((p) => p.id),
    from,
    to,
  )
  const byCalendar = new Map<string, TimeSpan[]>()
  return list.map((printer) => {
    const key = `${printer.status}|${JSON.stringify(printer.calendar)}`
    let base = byCalendar.get(key)
    if (!base) {
      base = availableIntervals({ calendar: printer.calendar, status: printer.status, maintenanceWindows: [], from, to, timeZone })
      byCalendar.set(key, base)
    }
    const mine = windows.get(printer.id) ?? []
    return { printer, windows: mine, available: mine.length ? subtractIntervals(base, mine) : base }
  })
}

/** A group's label must fit in every language: the wider of the catalogs' "N jobs" (remembered per count). */
const groupWidths = new Map<number, number>()
function groupPx(count: number): number {
  let px = groupWidths.get(count)
  if (px === undefined) {
    px = Math.max(...locales.map((l) => groupMinPx(translator(l)('schedule.group.count', { count }))))
    if (groupWidths.size < 1_000) groupWidths.set(count, px)
  }
  return px
}

function printerList(availability: Awaited<ReturnType<typeof boardAvailability>>) {
  return availability.map((a) => ({ id: a.printer.id, label: a.printer.assetId, name: a.printer.name, status: a.printer.status }))
}

/**
 * The board for `zoom` days from `startDate`: the compact layout the page renders (`board`), the period's jobs for the
 * sheet of a group (server side only), and the warnings (overlaps, jobs over maintenance).
 */
export async function scheduleBoard(startDate: LocalDate, zoom: GanttZoom, now: Date, timeZone: string) {
  const days = ZOOM_DAYS[zoom]
  const { from, to } = ganttPeriod(startDate, days, timeZone)
  const [availability, jobs] = await Promise.all([boardAvailability(from, to, timeZone), boardJobs(from, to, timeZone)])
  const byPrinter = new Map<string, BoardJobSource[]>()
  for (const j of jobs) {
    const list = byPrinter.get(j.printerId)
    if (list) list.push(j)
    else byPrinter.set(j.printerId, [j])
  }
  const layout = layoutGantt({
    startDate,
    days,
    timeZone,
    now,
    tickHours: tickHoursOf(zoom),
    groupPx,
    rows: availability.map((a) => ({ id: a.printer.id, available: a.available, maintenance: a.windows, jobs: byPrinter.get(a.printer.id) ?? [] })),
  })
  const fleet = printerList(availability)
  // Live jobs over a maintenance window entered after they were planned (as liveJobsInMaintenance), and overlapping jobs.
  let overMaintenance = 0
  for (const a of availability) {
    if (!a.windows.length) continue
    for (const j of byPrinter.get(a.printer.id) ?? []) {
      if ((j.status === 'planned' || j.status === 'printing') && a.windows.some((w) => w.start < j.end && w.end > j.start)) overMaintenance++
    }
  }
  const names = new Map(fleet.map((p) => [p.id, p.name]))
  const overlaps = findOverlaps(jobs).filter((o) => o.kind === 'overlap')
  return {
    board: toBoardData(layout, fleet, { zoom, start: startDate }),
    jobs,
    printers: fleet,
    overMaintenance,
    overlaps: overlaps.map((o) => ({ printer: names.get(o.printerId) ?? '', a: o.first.reference, b: o.second.reference })),
    printingNow: jobs.filter((j) => j.status === 'printing').length,
  }
}

/** The agenda: per printer the job now, the next one and the rest of today's (`today` is the shop's local date). */
export async function scheduleAgenda(today: LocalDate, now: Date, timeZone: string) {
  const dayEnd = startOfLocalDate(addDays(today, 1), timeZone)
  // From a day back: a job still printing past its planned end is still "now".
  const from = startOfLocalDate(addDays(today, -1), timeZone)
  // Up to a day ahead: "next" may be tomorrow morning's first job.
  const to = startOfLocalDate(addDays(today, 2), timeZone)
  const [availability, jobs] = await Promise.all([boardAvailability(from, to, timeZone), boardJobs(from, to, timeZone)])
  const fleet = printerList(availability)
  const live = jobs.filter((j) => j.status === 'planned' || j.status === 'printing')
  return {
    printers: fleet,
    rows: agendaOf(
      fleet.map((p) => p.id),
      live,
      now,
      dayEnd,
    ),
    printingNow: live.filter((j) => j.status === 'printing').length,
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
