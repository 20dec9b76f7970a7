/**
 * The dashboard (home page): open orders and their progress, what is late or due, output today and this week, the
 * printers right now, filament alerts, maintenance due, the latest machine diagnosis per machine and recent activity.
 * Grouping happens in the database; the rules are in app/domain/statistics/dashboard.ts and docs/decisions/008-statistics.md.
 */
import { and, asc, desc, eq, isNull, notInArray, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { auditLog, orders, products } from '~db/schema'
import { maintenanceDue, type MaintenanceDueItem, type PrinterStatus } from '~/domain/printers'
import { addDays } from '~/domain/time/zoned'
import {
  dashboardRanges,
  elapsedPct,
  fillDays,
  outputTotals,
  openOrderBadge,
  overallProgressPct,
  printerNowState,
  type PrinterNowState,
} from '~/domain/statistics'
import { stockOutlook } from '~/models/inventory/outlook.server'
import { latestEntriesByType, listIntervals } from '~/models/printers/maintenance.server'
import { listPrinters } from '~/models/printers/printers.server'
import { listWindows } from '~/models/printers/windows.server'
import { dailyOutput } from './statistics.server'
import { latestDiagnoses } from '~/models/vibration/diagnosis-latest.server'
import { currentJobsByPrinter, type JobLine } from '~/models/printers/bench.server'

/** Orders shown in "late or due soon" (the rest are counted). */
export const DUE_LIST_LIMIT = 20
const DUE_SOON_DAYS = 3

/**
 * Open orders in one pass over the orders: the open ones (not cancelled, stock + produced < target) counted and summed
 * with window aggregates, and only the first `DUE_LIST_LIMIT` of those
 * late or due within `DUE_SOON_DAYS` returned as rows.
 */
export async function openOrdersSummary(today: string) {
  const soon = addDays(today, DUE_SOON_DAYS)
  // Good units per order are kept on the order by a trigger (migration 0018): no year of jobs summed per request.
  const covered = sql`${orders.stockOnHand} + ${orders.producedGood}`
  const open = db
    .select({
      id: orders.id,
      reference: orders.reference,
      productId: orders.productId,
      dueDate: orders.dueDate,
      target: sql<number>`${orders.targetQuantity}`.as('target'),
      covered: sql<number>`(${covered})::int`.as('covered'),
      produced: sql<number>`${orders.producedGood}`.as('produced_good'),
    })
    .from(orders)
    .where(and(isNull(orders.cancelledAt), sql`${covered} < ${orders.targetQuantity}`))
    .as('open_orders')
  const dueSoon = sql`${open.dueDate} is not null and ${open.dueDate} <= ${soon}`
  const rows = await db
    .select({
      id: open.id,
      reference: open.reference,
      dueDate: open.dueDate,
      productName: products.name,
      target: open.target,
      covered: open.covered,
      produced: open.produced,
      listed: sql<boolean>`(${dueSoon})`,
      openCount: sql<string>`(count(*) over ())::text`,
      targetUnits: sql<string>`(sum(${open.target}) over ())::text`,
      coveredUnits: sql<string>`(sum(${open.covered}) over ())::text`,
      lateCount: sql<string>`(count(*) filter (where ${open.dueDate} < ${today}) over ())::text`,
      dueSoonCount: sql<string>`(count(*) filter (where ${open.dueDate} >= ${today} and ${open.dueDate} <= ${soon}) over ())::text`,
    })
    .from(open)
    .innerJoin(products, eq(products.id, open.productId))
    .orderBy(sql`case when ${dueSoon} then 0 else 1 end`, asc(open.dueDate), asc(open.reference))
    .limit(DUE_LIST_LIMIT)
  const first = rows[0]
  const targetUnits = Number(first?.targetUnits ?? 0)
  const coveredUnits = Number(first?.coveredUnits ?? 0)
  return {
    openCount: Number(first?.openCount ?? 0),
    targetUnits,
    coveredUnits,
    progressPct: overallProgressPct(targetUnits, coveredUnits),
    lateCount: Number(first?.lateCount ?? 0),
    dueSoonCount: Number(first?.dueSoonCount ?? 0),
    due: rows
      .filter((r) => r.listed)
      .map(({ listed: _l, openCount: _o, targetUnits: _t, coveredUnits: _c, lateCount: _lc, dueSoonCount: _d, ...r }) => ({
        ...r,
        target: Number(r.target),
        covered: Number(r.covered),
        produced: Number(r.produced),
        progressPct: overallProgressPct(Number(r.target), Number(r.covered)) ?? 0,
        badge: openOrderBadge(r, today, DUE_SOON_DAYS),
      })),
  }
}

/** Good and scrap units recorded (done/failed jobs by actual end) per day of this week, today and the week, shop-local. */
async function weekOutput(now: Date, timeZone: string) {
  const r = dashboardRanges(now, timeZone)
  const days = fillDays(r.weekDays, await dailyOutput(r.weekFrom, r.weekTo, timeZone))
  const today = days.find((d) => d.date === r.today)!
  const week = outputTotals(days)
  return {
    today: r.today,
    weekFirst: r.weekFirst,
    days,
    todayGood: today.goodUnits,
    todayScrap: today.scrapUnits,
    weekGood: week.goodUnits,
    weekScrap: week.scrapUnits,
  }
}

/** A job as the dashboard's printer cards show it. */
export type JobBrief = Omit<JobLine, 'actualStart'>

export interface PrinterNow {
  id: string
  assetId: string
  name: string
  status: PrinterStatus
  state: PrinterNowState
  printing: (JobBrief & { elapsedPct: number; overdue: boolean }) | null
  next: JobBrief | null
  maintenanceUntil: Date | null
  due: { overdue: number; dueSoon: number; items: Array<Pick<MaintenanceDueItem, 'type' | 'status'>> }
}

/** Every printer that is not retired: what it prints (and how far), its next job, maintenance now and due. */
async function printersNow(now: Date, today: string): Promise<PrinterNow[]> {
  const list = (await listPrinters()).filter((p) => p.status !== 'retired')
  const ids = list.map((p) => p.id)
  const [{ printing, next }, windows, intervals, entries] = await Promise.all([
    currentJobsByPrinter(ids, now),
    listWindows(ids, { from: now, to: new Date(now.getTime() + 1) }),
    listIntervals(ids),
    latestEntriesByType(ids),
  ])
  return list.map((p) => {
    const job = printing.get(p.id) ?? null
    const window = windows.filter((w) => w.printerId === p.id).sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0] ?? null
    const due = maintenanceDue({
      intervals: intervals.filter((i) => i.printerId === p.id),
      log: entries.filter((e) => e.printerId === p.id),
      printHoursNow: p.printHours,
      today,
    })
    const start = job ? (job.actualStart ?? job.startsAt) : null
    return {
      id: p.id,
      assetId: p.assetId,
      name: p.name,
      status: p.status,
      state: printerNowState({ status: p.status, printing: job !== null, inMaintenanceWindow: window !== null }),
      printing:
        job && start
          ? {
              id: job.id,
              reference: job.reference,
              productName: job.productName,
              units: job.units,
              startsAt: start,
              endsAt: job.endsAt,
              elapsedPct: elapsedPct(start, job.endsAt, now),
              overdue: job.endsAt.getTime() < now.getTime(),
            }
          : null,
      next: next.get(p.id) ?? null,
      maintenanceUntil: window?.endsAt ?? null,
      due: {
        overdue: due.items.filter((i) => i.status === 'overdue').length,
        dueSoon: due.items.filter((i) => i.status === 'due_soon').length,
        items: due.items.filter((i) => i.status === 'overdue' || i.status === 'due_soon').map((i) => ({ type: i.type, status: i.status })),
      },
    }
  })
}

/** Material + colour pools the plan runs short of (with the day and job) or that are below their threshold. */
async function filamentAlerts(now: Date) {
  const outlook = await stockOutlook(now, { spools: 'summed' })
  return outlook.groups
    .filter((g) => g.status === 'short' || g.status === 'low')
    .sort((a, b) => (a.status === b.status ? (a.runsOutOn?.localDate ?? '9999').localeCompare(b.runsOutOn?.localDate ?? '9999') : a.status === 'short' ? -1 : 1))
    .map((g) => ({
      key: g.key,
      material: g.material,
      colour: g.colour,
      colourHex: g.colourHex,
      status: g.status as 'short' | 'low',
      onHandMg: g.onHandMg,
      shortfallMg: g.shortfallMg,
      runsOutOn: g.runsOutOn ? { date: g.runsOutOn.localDate, ref: g.runsOutOn.ref } : null,
    }))
}

/** Audit entries about sign-ins, users and API tokens stay in Admin → Audit log; the dashboard shows the shop's work. */
const PRIVATE_ENTITY_TYPES = ['user', 'api_token', 'session']

/** The latest changes to orders, jobs, spools, printers, products and machines (who, when, what). */
async function recentActivity(limit = 10) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      username: auditLog.username,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      label: sql<string | null>`coalesce(${auditLog.after}->>'reference', ${auditLog.after}->>'assetId', ${auditLog.after}->>'name', ${auditLog.before}->>'reference', ${auditLog.before}->>'assetId', ${auditLog.before}->>'name')`,
    })
    .from(auditLog)
    .where(notInArray(auditLog.entityType, PRIVATE_ENTITY_TYPES))
    .orderBy(desc(auditLog.id))
    .limit(limit)
}

/** Latest diagnosis per machine (vibration module), worst first. */
async function machineDiagnoses() {
  const rows = await latestDiagnoses()
  return rows.map((m) => ({
    machineId: m.machineId,
    machineName: m.machineName,
    diagnosis: m.diagnosis && {
      detectedAt: m.diagnosis.detectedAt,
      faultType: m.diagnosis.faultType,
      isoZone: m.diagnosis.isoZone,
      confidence: m.diagnosis.confidence,
      velocityRms: m.diagnosis.velocityRms,
      sensorNo: m.diagnosis.sensorNo,
      channel: m.diagnosis.channel,
    },
  }))
}

/** Everything the dashboard shows, at `now` in the shop's zone. */
export async function dashboardOverview(now: Date, timeZone: string) {
  const output = await weekOutput(now, timeZone)
  const [openOrders, printers, filaments, activity, machines] = await Promise.all([
    openOrdersSummary(output.today),
    printersNow(now, output.today),
    filamentAlerts(now),
    recentActivity(),
    machineDiagnoses(),
  ])
  return { today: output.today, openOrders, output, printers, filaments, activity, machines }
}

export type DashboardOverview = Awaited<ReturnType<typeof dashboardOverview>>

export type OpenOrdersSummary = Awaited<ReturnType<typeof openOrdersSummary>>
