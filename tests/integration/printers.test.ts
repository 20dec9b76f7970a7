import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, maintenanceIntervals, maintenanceLog, maintenanceWindows, printers } from '~db/schema'
import { addDays, localDate } from '~/domain/time/zoned'
import * as detail from '~/routes/printers.$printerId/route'
import * as label from '~/routes/printers.$printerId_.label'
import * as fleet from '~/routes/printers._index'
import * as newPrinter from '~/routes/printers.new'
import { printerJobsForUtilisation } from '~/models/printers/overview.server'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'

const TZ = 'Asia/Seoul'
const today = () => localDate(new Date(), TZ)
let seq = 0
const uniqueAsset = () => `P-${process.pid % 1000}-${++seq}`

const auditFor = (id: string) => db.select().from(auditLog).where(eq(auditLog.entityId, id))
const printerRow = async (id: string) => (await db.select().from(printers).where(eq(printers.id, id)))[0]

async function signedIn(role: 'planner' | 'operator' | 'viewer' | 'admin' = 'planner') {
  const user = await makeUser(role)
  return { user, cookie: await sessionFor(user.id) }
}

const printerForm = (overrides: Record<string, string> = {}) => ({
  assetId: uniqueAsset(),
  name: 'Bambu X1C #1',
  model: 'X1 Carbon',
  serial: 'SN-001',
  purchaseDate: '2025-03-01',
  location: 'Bench A',
  nozzleDiameterMm: '0.4',
  materials: 'PLA, PETG, pla',
  status: 'active',
  printHours: '120',
  preset: 'weekdays_09_21',
  ...overrides,
})

async function createViaRoute(cookie: string, overrides: Record<string, string> = {}) {
  const form = printerForm(overrides)
  const res = await callAction(newPrinter, makeRequest('/printers/new', { cookie, form }))
  expect(res.status, JSON.stringify(res.data)).toBe(302)
  const [row] = await db.select().from(printers).where(eq(printers.assetId, form.assetId.toUpperCase()))
  return row
}

const act = (cookie: string, id: string, form: Record<string, string>) =>
  callAction(detail, makeRequest(`/printers/${id}`, { cookie, form }), { printerId: id })

const errorsOf = (res: { data: unknown }) => (res.data as { result: { error: Record<string, string[]> } }).result.error

describe('printer register', () => {
  test('registering a printer stores it with a calendar, default intervals and exactly one audit row', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    expect(p).toMatchObject({ name: 'Bambu X1C #1', status: 'active', nozzleDiameterMm: '0.40', printHours: '120.0', materials: ['PLA', 'PETG'], version: 1 })
    expect(p.calendar[1]).toEqual([{ startMin: 540, endMin: 1260 }])
    expect(p.calendar[0]).toEqual([])
    expect((await db.select().from(maintenanceIntervals).where(eq(maintenanceIntervals.printerId, p.id))).length).toBeGreaterThan(0)
    const rows = await auditFor(p.id)
    expect(rows.map((r) => r.action)).toEqual(['printer.create'])
  })

  test('a duplicate asset ID (in any letter case) is a field error and stores nothing', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie, { assetId: 'dup-1' })
    const res = await callAction(newPrinter, makeRequest('/printers/new', { cookie, form: printerForm({ assetId: 'DUP-1', name: 'Other' }) }))
    expect(res.status).toBe(409)
    expect((res.data as { error: Record<string, string[]> }).error.assetId).toEqual(['printers.error.assetIdTaken'])
    expect(await db.select().from(printers).where(eq(printers.assetId, 'DUP-1'))).toHaveLength(1)
    expect(await auditFor(p.id)).toHaveLength(1)
  })

  test('renaming a printer to an asset ID already in use is a field error and changes nothing', async () => {
    const { cookie } = await signedIn('planner')
    await createViaRoute(cookie, { assetId: 'TAKEN-1' })
    const p = await createViaRoute(cookie)
    const res = await act(cookie, p.id, { intent: 'save', version: '1', ...printerForm({ assetId: 'taken-1' }) })
    expect(res.status).toBe(409)
    expect(errorsOf(res).assetId).toEqual(['printers.error.assetIdTaken'])
    expect(await printerRow(p.id)).toMatchObject({ assetId: p.assetId, version: 1 })
  })

  test('bad register input gives field errors and stores nothing', async () => {
    const { cookie } = await signedIn('planner')
    const before = (await db.select().from(printers)).length
    const res = await callAction(
      newPrinter,
      makeRequest('/printers/new', { cookie, form: printerForm({ assetId: 'bad id!', nozzleDiameterMm: '9', printHours: '-5', status: 'broken' }) }),
    )
    expect(res.status).toBe(400)
    const error = (res.data as { error: Record<string, string[]> }).error
    expect(error).toMatchObject({
      assetId: ['printers.error.assetId'],
      nozzleDiameterMm: ['printers.error.nozzle'],
      printHours: ['printers.error.printHoursNegative'],
      status: ['printers.error.status'],
    })
    expect((await db.select().from(printers)).length).toBe(before)
  })

  test('a purchase date that is no calendar day (30 Feb, year 0) is a field error, not a database error', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    for (const purchaseDate of ['2030-02-30', '0000-01-01', '2026-13-01']) {
      const created = await callAction(newPrinter, makeRequest('/printers/new', { cookie, form: printerForm({ assetId: 'DATE-1', purchaseDate }) }))
      expect(created.status).toBe(400)
      expect((created.data as { error: Record<string, string[]> }).error.purchaseDate).toEqual(['printers.error.date'])
      const saved = await act(cookie, p.id, { intent: 'save', version: '1', ...printerForm({ assetId: p.assetId, purchaseDate }) })
      expect(saved.status).toBe(400)
      expect(errorsOf(saved).purchaseDate).toEqual(['printers.error.date'])
    }
    expect(await printerRow(p.id)).toMatchObject({ purchaseDate: '2025-03-01', version: 1 })
    expect(await db.select().from(printers).where(eq(printers.assetId, 'DATE-1'))).toHaveLength(0)
  })

  test('two planners saving the same printer: the second gets a 409 with the newer values, nothing overwritten', async () => {
    const { cookie } = await signedIn('planner')
    const other = (await signedIn('admin')).cookie
    const p = await createViaRoute(cookie)
    const save = (c: string, name: string) => act(c, p.id, { intent: 'save', version: '1', ...printerForm({ assetId: p.assetId, name }) })
    expect((await save(cookie, 'First tablet')).status).toBe(302)
    const second = await save(other, 'Second tablet')
    expect(second.status).toBe(409)
    expect((second.data as { current: { name: string; version: number } }).current).toMatchObject({ name: 'First tablet', version: 2 })
    expect(await printerRow(p.id)).toMatchObject({ name: 'First tablet', version: 2 })
    expect((await auditFor(p.id)).filter((r) => r.action === 'printer.update')).toHaveLength(1)
  })

  test('bad requests never give a 500: unknown printer → 404, unknown intent or garbage version → 400', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    expect((await act(cookie, 'not-a-uuid', { intent: 'save' })).status).toBe(404)
    expect((await act(cookie, '00000000-0000-0000-0000-000000000000', { intent: 'calendar', version: '1' })).status).toBe(404)
    expect((await callLoader(detail, makeRequest('/printers/nope', { cookie }), { printerId: 'nope' })).status).toBe(404)
    expect((await act(cookie, p.id, { intent: 'explode' })).status).toBe(400)
    expect((await act(cookie, p.id, { intent: 'calendar', version: 'NaN', day1: '09:00-17:00' })).status).toBe(400)
    expect(await printerRow(p.id)).toMatchObject({ version: 1 })
  })
})

describe('working calendar', () => {
  test('saving weekday texts stores the calendar, bumps the version and writes one audit row', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    const res = await act(cookie, p.id, { intent: 'calendar', version: '1', day1: '08:00-12:00, 13:00-22:00', day6: '00:00-24:00', day0: '' })
    expect(res.status).toBe(302)
    const after = await printerRow(p.id)
    expect(after.version).toBe(2)
    expect(after.calendar[1]).toEqual([
      { startMin: 480, endMin: 720 },
      { startMin: 780, endMin: 1320 },
    ])
    expect(after.calendar[6]).toEqual([{ startMin: 0, endMin: 1440 }])
    expect(after.calendar[2]).toEqual([])
    expect((await auditFor(p.id)).map((r) => r.action)).toContain('printer.calendar')
  })

  test.each([
    ['hours outside 0–24', '25:00-26:00', 'printers.error.calendar.time_out_of_range'],
    ['end before start', '21:00-09:00', 'printers.error.calendar.end_not_after_start'],
    ['garbage', 'nine to five', 'printers.error.calendar.invalid_format'],
    ['overlapping ranges', '09:00-13:00, 12:00-15:00', 'printers.error.calendar.ranges_overlap'],
  ])('%s is a field error on that weekday and stores nothing', async (_name, text, key) => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    const res = await act(cookie, p.id, { intent: 'calendar', version: '1', day1: '09:00-17:00', day3: text })
    expect(res.status).toBe(400)
    expect(errorsOf(res)).toEqual({ day3: [key] })
    const after = await printerRow(p.id)
    expect(after).toMatchObject({ version: 1, calendar: p.calendar })
    expect((await auditFor(p.id)).map((r) => r.action)).toEqual(['printer.create'])
  })

  test('a preset replaces the whole calendar; a stale version is a conflict', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    expect((await act(cookie, p.id, { intent: 'calendar-preset', version: '1', preset: 'always' })).status).toBe(302)
    expect((await printerRow(p.id)).calendar[0]).toEqual([{ startMin: 0, endMin: 1440 }])
    const stale = await act(cookie, p.id, { intent: 'calendar-preset', version: '1', preset: 'weekdays_09_21' })
    expect(stale.status).toBe(409)
    expect((await printerRow(p.id)).calendar[0]).toEqual([{ startMin: 0, endMin: 1440 }])
  })
})

describe('maintenance', () => {
  test('an operator logs a nozzle change: stored with who did it, the counter rises, one audit row, next due moves', async () => {
    const planner = await signedIn('planner')
    const p = await createViaRoute(planner.cookie)
    const { user, cookie } = await signedIn('operator')
    const res = await act(cookie, p.id, { intent: 'log', type: 'nozzle_change', performedOn: today(), printHours: '130.5', parts: '0.4 mm hardened nozzle', note: 'clogged' })
    expect(res.status).toBe(302)
    const [entry] = await db.select().from(maintenanceLog).where(eq(maintenanceLog.printerId, p.id))
    expect(entry).toMatchObject({ type: 'nozzle_change', performedOn: today(), printHours: '130.5', parts: '0.4 mm hardened nozzle', performedBy: user.id })
    expect(await printerRow(p.id)).toMatchObject({ printHours: '130.5', version: 2 })
    expect((await auditFor(p.id)).filter((r) => r.action === 'printer.maintenance_log')).toHaveLength(1)

    const page = await callLoader(detail, makeRequest(`/printers/${p.id}`, { cookie }), { printerId: p.id })
    const data = page.data as { due: { items: Array<{ type: string; status: string; byHours: { dueAtPrintHours: number } | null }>; lastInspectionDate: string } }
    const nozzle = data.due.items.find((i) => i.type === 'nozzle_change')!
    expect(nozzle.status).toBe('ok')
    expect(nozzle.byHours!.dueAtPrintHours).toBe(630.5)
    expect(data.due.lastInspectionDate).toBe(today())
  })

  test('an entry below the counter leaves the counter alone', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie) // counter 120
    expect((await act(cookie, p.id, { intent: 'log', type: 'cleaning', performedOn: today(), printHours: '100' })).status).toBe(302)
    expect(await printerRow(p.id)).toMatchObject({ printHours: '120.0', version: 1 })
  })

  test.each([
    ['dated in the future', { performedOn: 'tomorrow', printHours: '10' }, { performedOn: ['printers.error.dateFuture'] }],
    ['with negative print hours', { printHours: '-1' }, { printHours: ['printers.error.printHoursNegative'] }],
    ['with an unknown type', { type: 'polishing' }, { type: ['printers.error.maintenanceType'] }],
    ['without a type (Enter pressed in a text field)', { type: '' }, { type: ['printers.error.maintenanceType'] }],
  ])('maintenance %s is a field error and stores nothing', async (_name, overrides, expected) => {
    const { cookie } = await signedIn('operator')
    const planner = await signedIn('planner')
    const p = await createViaRoute(planner.cookie)
    const form = { intent: 'log', type: 'bed_levelling', performedOn: today(), printHours: '10', ...overrides } as Record<string, string>
    if (form.performedOn === 'tomorrow') form.performedOn = addDays(today(), 1)
    const res = await act(cookie, p.id, form)
    expect(res.status).toBe(400)
    expect(errorsOf(res)).toMatchObject(expected)
    expect(await db.select().from(maintenanceLog).where(eq(maintenanceLog.printerId, p.id))).toHaveLength(0)
    expect((await auditFor(p.id)).map((r) => r.action)).toEqual(['printer.create'])
  })

  test('hours below an earlier entry ask for confirmation first, then save', async () => {
    const { cookie } = await signedIn('operator')
    const p = await createViaRoute((await signedIn('planner')).cookie)
    const yesterday = addDays(today(), -1)
    expect((await act(cookie, p.id, { intent: 'log', type: 'cleaning', performedOn: yesterday, printHours: '200' })).status).toBe(302)
    const form = { intent: 'log', type: 'lubrication', performedOn: today(), printHours: '150' }
    const warned = await act(cookie, p.id, form)
    expect(warned.status).toBe(400)
    expect((warned.data as { warnings: Array<{ code: string; hours: number }> }).warnings).toEqual([
      expect.objectContaining({ code: 'print_hours_below_earlier_entry', hours: 200, date: yesterday }),
    ])
    expect(await db.select().from(maintenanceLog).where(eq(maintenanceLog.printerId, p.id))).toHaveLength(1)
    expect((await act(cookie, p.id, { ...form, confirmWarnings: 'on' })).status).toBe(302)
    expect(await db.select().from(maintenanceLog).where(eq(maintenanceLog.printerId, p.id))).toHaveLength(2)
  })

  test('intervals are replaced as a whole; a non-positive or fractional-day interval is a field error; stale versions conflict', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    const bad = await act(cookie, p.id, { intent: 'intervals', version: '1', hours_nozzle_change: '0', days_cleaning: '1.5' })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ hours_nozzle_change: ['printers.error.intervalNotPositive'], days_cleaning: ['printers.error.intervalNotPositive'] })
    const before = await db.select().from(maintenanceIntervals).where(eq(maintenanceIntervals.printerId, p.id))
    expect(before.length).toBeGreaterThan(2)

    expect((await act(cookie, p.id, { intent: 'intervals', version: '1', hours_nozzle_change: '400', days_firmware: '90' })).status).toBe(302)
    const after = await db.select().from(maintenanceIntervals).where(eq(maintenanceIntervals.printerId, p.id))
    expect(after.map((i) => [i.type, i.everyPrintHours, i.everyDays]).sort()).toEqual([
      ['firmware', null, 90],
      ['nozzle_change', '400.0', null],
    ])
    expect((await act(cookie, p.id, { intent: 'intervals', version: '1', hours_nozzle_change: '1' })).status).toBe(409)
    expect((await auditFor(p.id)).filter((r) => r.action === 'printer.intervals')).toHaveLength(1)
  })
})

describe('maintenance windows and capacity', () => {
  test('a window removes capacity from the period; removing it gives it back; each change has one audit row', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie, { preset: 'always' })
    const period = '?period=custom&from=2026-03-02&to=2026-03-03'
    const load = async () =>
      (await callLoader(detail, makeRequest(`/printers/${p.id}${period}`, { cookie }), { printerId: p.id })).data as {
        utilisation: { availableHours: number; printHours: number; utilisationPct: number | null; jobsRun: number }
        days: Array<{ date: string; availableHours: number }>
        windows: Array<{ id: string }>
        hasJobs: boolean
      }
    expect((await load()).utilisation).toMatchObject({ availableHours: 48, printHours: 0, jobsRun: 0, utilisationPct: 0 })
    expect((await load()).hasJobs).toBe(false)

    // 10:00–13:30 shop time on 2 March.
    expect((await act(cookie, p.id, { intent: 'add-window', startsAt: '2026-03-02T10:00', endsAt: '2026-03-02T13:30', reason: 'belt swap' })).status).toBe(302)
    const [w] = await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.printerId, p.id))
    expect(w.startsAt.toISOString()).toBe('2026-03-02T01:00:00.000Z')
    const withWindow = await load()
    expect(withWindow.utilisation.availableHours).toBe(44.5)
    expect(withWindow.days).toEqual([
      { date: '2026-03-02', availableHours: 20.5, printHours: 0 },
      { date: '2026-03-03', availableHours: 24, printHours: 0 },
    ])
    expect((await act(cookie, p.id, { intent: 'delete-window', windowId: w.id })).status).toBe(302)
    expect((await load()).utilisation.availableHours).toBe(48)
    expect((await auditFor(p.id)).map((r) => r.action).sort()).toEqual(['printer.create', 'printer.window_add', 'printer.window_delete'])
  })

  test('a window that ends before it starts is a field error and stores nothing; the database refuses one too', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    const res = await act(cookie, p.id, { intent: 'add-window', startsAt: '2026-03-02T13:00', endsAt: '2026-03-02T10:00' })
    expect(res.status).toBe(400)
    expect(errorsOf(res)).toEqual({ endsAt: ['printers.error.windowOrder'] })
    const garbage = await act(cookie, p.id, { intent: 'add-window', startsAt: '2026-02-30T13:00', endsAt: 'soon' })
    expect(garbage.status).toBe(400)
    expect(await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.printerId, p.id))).toHaveLength(0)
    await expect(
      db.insert(maintenanceWindows).values({ printerId: p.id, startsAt: new Date('2026-03-02T05:00:00Z'), endsAt: new Date('2026-03-02T04:00:00Z') }),
    ).rejects.toThrow()
    await expect(db.update(printers).set({ printHours: '-1' }).where(eq(printers.id, p.id))).rejects.toThrow()
    await expect(
      db.insert(maintenanceLog).values({ printerId: p.id, type: 'cleaning', performedOn: '2026-03-01', printHours: '-2', performedByName: 'x' }),
    ).rejects.toThrow()
  })

  test('removing a window that is already gone is a 404 with a message, not a 500', async () => {
    const { cookie } = await signedIn('planner')
    const p = await createViaRoute(cookie)
    const res = await act(cookie, p.id, { intent: 'delete-window', windowId: '00000000-0000-0000-0000-000000000000' })
    expect(res.status).toBe(404)
    expect(errorsOf(res)['']).toEqual(['printers.error.notFound'])
  })

  test('a printer in maintenance or retired offers no capacity; the fleet list sums the rest', async () => {
    const { cookie } = await signedIn('planner')
    const a = await createViaRoute(cookie, { preset: 'always', assetId: 'FLEET-A' })
    const b = await createViaRoute(cookie, { preset: 'always', assetId: 'FLEET-B' })
    expect((await act(cookie, b.id, { intent: 'save', version: '1', ...printerForm({ assetId: 'FLEET-B', status: 'maintenance' }) })).status).toBe(302)
    const res = await callLoader(fleet, makeRequest('/printers?period=custom&from=2026-03-02&to=2026-03-02', { cookie }))
    const data = res.data as {
      rows: Array<{ printer: { id: string }; utilisation: { availableHours: number }; due: { overallStatus: string } }>
      fleet: { availableHours: number; printHours: number }
    }
    const byId = new Map(data.rows.map((r) => [r.printer.id, r]))
    expect(byId.get(a.id)!.utilisation.availableHours).toBe(24)
    expect(byId.get(b.id)!.utilisation.availableHours).toBe(0)
    expect(byId.get(a.id)!.due.overallStatus).toBe('never_done')
    expect(data.fleet.availableHours).toBeGreaterThanOrEqual(24)
    const maint = await callLoader(fleet, makeRequest('/printers?status=maintenance', { cookie }))
    expect((maint.data as { rows: Array<{ printer: { id: string } }> }).rows.map((r) => r.printer.id)).toContain(b.id)
    expect((maint.data as { rows: Array<{ printer: { id: string } }> }).rows.map((r) => r.printer.id)).not.toContain(a.id)
  })

  test('a bad custom period falls back to this week with a field error, never a 500', async () => {
    const { cookie } = await signedIn('viewer')
    const res = await callLoader(fleet, makeRequest('/printers?period=custom&from=2026-03-05&to=2026-03-01', { cookie }))
    expect(res.status).toBe(200)
    expect((res.data as { periodErrors: unknown; period: { kind: string } })).toMatchObject({ periodErrors: { to: ['printers.error.period.end_before_start'] }, period: { kind: 'week' } })
  })

  test('there are no recorded jobs until the scheduling module exists', async () => {
    expect(await printerJobsForUtilisation([], new Date(0), new Date())).toEqual([])
  })
})

describe('QR label', () => {
  test('the label carries an SVG QR code of the printer page URL', async () => {
    const { cookie } = await signedIn('viewer')
    const p = await createViaRoute((await signedIn('planner')).cookie)
    const res = await callLoader(label, makeRequest(`/printers/${p.id}/label`, { cookie }), { printerId: p.id })
    const data = res.data as { svg: string; url: string; printer: { assetId: string } }
    expect(data.url).toBe(`http://localhost/printers/${p.id}`)
    expect(data.svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(data.printer.assetId).toBe(p.assetId)
  })
})

describe('authorization inside the printer page', () => {
  test('an operator may log maintenance but not edit the calendar; a viewer may do neither', async () => {
    const p = await createViaRoute((await signedIn('planner')).cookie)
    const operator = await signedIn('operator')
    const viewer = await signedIn('viewer')
    expect((await act(operator.cookie, p.id, { intent: 'calendar', version: '1', day1: '00:00-24:00' })).status).toBe(403)
    expect((await act(viewer.cookie, p.id, { intent: 'log', type: 'cleaning', performedOn: today(), printHours: '1' })).status).toBe(403)
    expect(await db.select().from(maintenanceLog).where(and(eq(maintenanceLog.printerId, p.id)))).toHaveLength(0)
    expect((await printerRow(p.id)).version).toBe(1)
  })
})
