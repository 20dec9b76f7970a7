/**
 * The dashboard's figures against hand-computed values, at a fixed "now": Wednesday 2030-03-06 14:00 in the shop zone
 * (Asia/Seoul, UTC+9). This week = Monday 2030-03-04 … Sunday 2030-03-10.
 *
 * Orders (target · stock · due · recorded output):
 *   O1 10 · 2 · 03-05 (late)      Mon done 3 good, Tue failed 1 good + 2 scrap      → open, covered 6
 *   O2  8 · 0 · 03-09 (in 3 days) Wed 10:00–12:00 done 4 good                       → open, covered 4
 *   O3  5 · 0 · 03-10 (in 4 days) printing now on P1, a planned job after it       → open, covered 0, not listed
 *   O4  4 · 0 · 03-01             Tue 22:00 → Wed 00:10 done 4 good                 → completed (not late: not open)
 *   O5 cancelled · O6 covered by stock · O7 3 · 0 · no due date, a cancelled job with "good" units → open, covered 0
 *   O8  2 · 0 · —                 Sun 03-03 23:30 done 2 good (last week)          → completed
 * Open: O1, O2, O3, O7 → 4 orders, target 26, covered 10 → 38 %. Late 1 (O1), due soon 1 (O2).
 * Good units today (Wed): O4's 4 (ended 00:10) + O2's 4 = 8; this week: 3 + 1 + 8 = 12 (scrap 2).
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, filaments, maintenanceIntervals, maintenanceLog, spools, vibrationMachines } from '~db/schema'
import { zonedDateTimeToInstant } from '~/domain/time/zoned'
import { dashboardOverview, openOrdersSummary, DUE_LIST_LIMIT } from '~/models/dashboard.server'
import * as page from '~/routes/_index/route'
import { callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { allDay, insertJob, makeOrder, makePrinter, makeProduct, makeWindow, resetScheduling } from '../support/scheduling-fixtures'

const TZ = 'Asia/Seoul'
const local = (date: string, hh: number, mm = 0) => zonedDateTimeToInstant(date, hh * 60 + mm, TZ)
const NOW = local('2030-03-06', 14)
const ids: Record<string, string> = {}

beforeAll(async () => {
  await resetScheduling()
  await db.execute(sql.raw('truncate vibration_machines cascade'))
  const [black, red, white] = await db
    .insert(filaments)
    .values([
      { material: 'PLA', colourName: 'Black', colourHex: '#111111', brand: 'D', lowStockGrams: '0' },
      { material: 'PETG', colourName: 'Red', colourHex: '#dc2626', brand: 'D', lowStockGrams: '500.0' },
      { material: 'PLA', colourName: 'White', colourHex: '#f5f5f5', brand: 'D', lowStockGrams: '0' },
    ])
    .returning()
  // PLA Black: 30 g on the shelf for a planned 40 g job → short 10 g on 03-06. PETG Red: 200 g < 500 g threshold → low.
  await db.insert(spools).values([
    { filamentId: black.id, batch: 'B1', initialNetGrams: '1000.0', remainingGrams: '30.0', tareGrams: '200.0', receivedOn: '2030-01-01' },
    { filamentId: red.id, batch: 'R1', initialNetGrams: '1000.0', remainingGrams: '200.0', tareGrams: '200.0', receivedOn: '2030-01-01' },
    { filamentId: white.id, batch: 'W1', initialNetGrams: '1000.0', remainingGrams: '1000.0', tareGrams: '200.0', receivedOn: '2030-01-01' },
  ])
  const product = await makeProduct(black.id, { name: 'Dash widget', unitsPerPlate: 4, gramsPerUnit: '10.00' })
  const whiteProduct = await makeProduct(white.id, { name: 'Dash white', unitsPerPlate: 4, gramsPerUnit: '10.00' })
  const p1 = await makePrinter({ calendar: allDay, assetId: 'D-1', name: 'Printing one' })
  const p2 = await makePrinter({ calendar: allDay, assetId: 'D-2', name: 'Window now' })
  const p3 = await makePrinter({ calendar: allDay, assetId: 'D-3', name: 'In maintenance', status: 'maintenance' })
  const p4 = await makePrinter({ calendar: allDay, assetId: 'D-4', name: 'Idle', printHours: '595' })
  await makePrinter({ calendar: allDay, assetId: 'D-5', name: 'Retired', status: 'retired' })
  Object.assign(ids, { p1: p1.id, p2: p2.id, p3: p3.id, p4: p4.id, product: product.id })
  await makeWindow(p2.id, local('2030-03-06', 13), local('2030-03-06', 15))
  // Maintenance: P1 cleaning every 7 days, last 02-20 → overdue; P4 nozzle every 500 h, last at 100 h, counter 595 → due soon.
  await db.insert(maintenanceIntervals).values([
    { printerId: p1.id, type: 'cleaning', everyDays: 7 },
    { printerId: p4.id, type: 'nozzle_change', everyPrintHours: '500' },
  ])
  await db.insert(maintenanceLog).values([
    { printerId: p1.id, type: 'cleaning', performedOn: '2030-02-20', printHours: '10', performedByName: 'test' },
    { printerId: p4.id, type: 'nozzle_change', performedOn: '2030-02-20', printHours: '100', performedByName: 'test' },
  ])

  const order = (reference: string, o: Parameters<typeof makeOrder>[1]) => makeOrder(product.id, { reference, ...o })
  const o1 = await order('DASH-1', { targetQuantity: 10, stockOnHand: 2, dueDate: '2030-03-05' })
  const o2 = await order('DASH-2', { targetQuantity: 8, dueDate: '2030-03-09' })
  const o3 = await order('DASH-3', { targetQuantity: 5, dueDate: '2030-03-10' })
  const o4 = await order('DASH-4', { targetQuantity: 4, dueDate: '2030-03-01' })
  await order('DASH-5', { targetQuantity: 100, dueDate: '2030-03-05', cancelledAt: local('2030-03-01', 9) })
  await order('DASH-6', { targetQuantity: 6, stockOnHand: 6, dueDate: '2030-03-05' })
  const o7 = await order('DASH-7', { targetQuantity: 3 })
  const o8 = await order('DASH-8', { targetQuantity: 2 })
  Object.assign(ids, { o1: o1.id, o2: o2.id })
  const done = (orderId: string, printerId: string, start: Date, end: Date, good: number, scrap = 0, status: 'done' | 'failed' | 'cancelled' = 'done') =>
    insertJob({ orderId, product, printerId, startsAt: start, endsAt: end, status, extra: { actualStart: start, actualEnd: end, goodUnits: good, scrapUnits: scrap, gramsUsed: '10.0' } })
  await done(o1.id, p4.id, local('2030-03-04', 9), local('2030-03-04', 11), 3)
  await done(o1.id, p4.id, local('2030-03-05', 9), local('2030-03-05', 11), 1, 2, 'failed')
  await done(o2.id, p4.id, local('2030-03-06', 10), local('2030-03-06', 12), 4)
  await done(o4.id, p3.id, local('2030-03-05', 22), local('2030-03-06', 0, 10), 4)
  await done(o7.id, p4.id, local('2030-03-05', 12), local('2030-03-05', 13), 3, 0, 'cancelled')
  await done(o8.id, p4.id, local('2030-03-03', 22), local('2030-03-03', 23, 30), 2)
  // P1 prints O3 since 12:00 (expected end 16:00: 50 % at 14:00), then a planned 40 g plate at 17:00.
  const printing = await insertJob({ orderId: o3.id, product, printerId: p1.id, startsAt: local('2030-03-06', 12), endsAt: local('2030-03-06', 16), status: 'printing' })
  await insertJob({ orderId: o3.id, product, printerId: p1.id, startsAt: local('2030-03-06', 17), endsAt: local('2030-03-06', 18), status: 'planned' })
  // A stale planned job on P4 (ended before now) is not "next".
  await insertJob({ orderId: o3.id, product: whiteProduct, printerId: p4.id, startsAt: local('2030-03-06', 8), endsAt: local('2030-03-06', 9), status: 'planned' })
  ids.printing = printing.id
  ids.o3 = o3.id

  await db.insert(vibrationMachines).values({ name: 'dash-g1' })
  await db.insert(auditLog).values([
    { username: 'kim', action: 'login', entityType: 'user', entityId: null },
    { username: 'kim', action: 'order.create', entityType: 'order', entityId: o1.id, after: { reference: 'DASH-1' } },
    { username: 'lee', action: 'job.finish', entityType: 'print_job', entityId: printing.id, after: { status: 'done' } },
    { username: 'admin', action: 'token.create', entityType: 'api_token', entityId: null, after: { name: 'gateway' } },
  ])
})

describe('open orders', () => {
  test('overall progress over open orders only: (stock + produced) ÷ target, rounded down', async () => {
    const o = await openOrdersSummary('2030-03-06')
    expect(o).toMatchObject({ openCount: 4, targetUnits: 26, coveredUnits: 10, progressPct: 38, lateCount: 1, dueSoonCount: 1 })
  })

  test('late and due within 3 days, earliest due first, with each order’s progress and badge', async () => {
    const o = await openOrdersSummary('2030-03-06')
    expect(o.due.map((d) => [d.reference, d.dueDate, d.target, d.covered, d.produced, d.progressPct, d.badge])).toEqual([
      ['DASH-1', '2030-03-05', 10, 6, 4, 60, { badge: 'late', daysUntilDue: -1 }],
      ['DASH-2', '2030-03-09', 8, 4, 4, 50, { badge: 'due_soon', daysUntilDue: 3 }],
    ])
    // A day later DASH-3 (due 03-10) comes within 3 days.
    expect((await openOrdersSummary('2030-03-07')).due.map((d) => d.reference)).toEqual(['DASH-1', 'DASH-2', 'DASH-3'])
  })

  test('the list stops at its limit while the counts still cover every order', async () => {
    for (let i = 0; i < DUE_LIST_LIMIT + 2; i++) await makeOrder(ids.product, { reference: `LATE-${String(i).padStart(2, '0')}`, targetQuantity: 1, dueDate: '2030-02-01' })
    const o = await openOrdersSummary('2030-03-06')
    expect(o.lateCount).toBe(DUE_LIST_LIMIT + 3)
    expect(o.due).toHaveLength(DUE_LIST_LIMIT)
    expect(o.due[0].reference).toBe('LATE-00')
    await db.execute(sql`delete from orders where reference like 'LATE-%'`)
  })
})

describe('dashboard at 14:00 on Wednesday', () => {
  test('good units today and this week by shop-local actual end; last week’s and cancelled jobs excluded', async () => {
    const d = await dashboardOverview(NOW, TZ)
    expect(d.output).toMatchObject({ today: '2030-03-06', weekFirst: '2030-03-04', todayGood: 8, todayScrap: 0, weekGood: 12, weekScrap: 2 })
    expect(d.output.days.map((x) => x.goodUnits)).toEqual([3, 1, 8, 0, 0, 0, 0])
  })

  test('printers now: printing with % elapsed and end, maintenance by window or status, idle; next job; retired not listed', async () => {
    const d = await dashboardOverview(NOW, TZ)
    expect(d.printers.map((p) => [p.assetId, p.state])).toEqual([
      ['D-1', 'printing'],
      ['D-2', 'maintenance'],
      ['D-3', 'maintenance'],
      ['D-4', 'idle'],
    ])
    const [p1, p2, , p4] = d.printers
    expect(p1.printing).toMatchObject({ id: ids.printing, reference: 'DASH-3', productName: 'Dash widget', elapsedPct: 50, overdue: false })
    expect(p1.printing!.endsAt.toISOString()).toBe(local('2030-03-06', 16).toISOString())
    expect(p1.next).toMatchObject({ reference: 'DASH-3' })
    expect(p1.next!.startsAt.toISOString()).toBe(local('2030-03-06', 17).toISOString())
    expect(p2.maintenanceUntil!.toISOString()).toBe(local('2030-03-06', 15).toISOString())
    expect(p4.next).toBeNull()
  })

  test('maintenance due or overdue per printer', async () => {
    const d = await dashboardOverview(NOW, TZ)
    const due = Object.fromEntries(d.printers.map((p) => [p.assetId, p.due.items]))
    expect(due).toEqual({ 'D-1': [{ type: 'cleaning', status: 'overdue' }], 'D-2': [], 'D-3': [], 'D-4': [{ type: 'nozzle_change', status: 'due_soon' }] })
  })

  test('filament alerts: short first with the run-out day and job, then low stock; sufficient pools not listed', async () => {
    const d = await dashboardOverview(NOW, TZ)
    expect(d.filaments.map((f) => [f.material, f.colour, f.status, f.shortfallMg, f.onHandMg, f.runsOutOn])).toEqual([
      ['PLA', 'Black', 'short', 10_000, 30_000, { date: '2030-03-06', ref: 'DASH-3' }],
      ['PETG', 'Red', 'low', 0, 200_000, null],
    ])
  })

  test('latest diagnosis per machine and recent activity without sign-ins, users or tokens', async () => {
    const d = await dashboardOverview(NOW, TZ)
    expect(d.machines).toEqual([{ machineId: expect.any(String), machineName: 'dash-g1', diagnosis: null }])
    expect(d.activity.map((a) => [a.username, a.action, a.label])).toEqual([
      ['lee', 'job.finish', null],
      ['kim', 'order.create', 'DASH-1'],
    ])
  })

  test('the home page loader answers with the greeting and every panel', async () => {
    const viewer = await makeUser('viewer')
    const r = await callLoader(page, makeRequest('/', { cookie: await sessionFor(viewer.id) }))
    expect(r.status).toBe(200)
    const data = r.data as Awaited<ReturnType<typeof page.loader>>
    expect(data.name).toMatch(/^viewer/)
    expect(data.openOrders.openCount).toBe(4)
    expect(data.printers).toHaveLength(4)
    expect(data.can).toEqual({ orders: true, audit: false })
  })
})
