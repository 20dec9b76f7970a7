/**
 * A planner corrects, removes and restores maintenance log entries (issue 16, item 4): audited, versioned (a stale
 * tablet gets a 409 with the current values), operators refused, removed entries out of every reader, the counter an
 * odometer. And a deleted maintenance window comes back through the toast's Undo.
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, maintenanceIntervals, maintenanceLog, maintenanceWindows, printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { addDays, localDate } from '~/domain/time/zoned'
import { latestEntriesByType } from '~/models/printers/maintenance.server'
import * as detail from '~/routes/printers.$printerId/route'
import { readToast } from '~/utils/toast.server'
import { callAction, callLoader, cookieHeader, makeRequest, makeUser, sessionFor } from '../support/app'

const TZ = 'Asia/Seoul'
const today = () => localDate(new Date(), TZ)
let seq = 0

async function signedIn(role: 'planner' | 'operator' | 'admin') {
  const user = await makeUser(role)
  return { user, cookie: await sessionFor(user.id) }
}

/** A printer at 120 h with a nozzle change due every 500 h (straight in the database: fixtures are not user actions). */
async function printerFixture() {
  const [p] = await db
    .insert(printers)
    .values({ assetId: `MEDIT-${process.pid % 1000}-${++seq}`, name: 'Edit printer', calendar: calendarPreset('always'), printHours: '120' })
    .returning()
  await db.insert(maintenanceIntervals).values({ printerId: p.id, type: 'nozzle_change', everyPrintHours: '500' })
  return p
}

const act = (cookie: string, id: string, form: Record<string, string>) => callAction(detail, makeRequest(`/printers/${id}`, { cookie, form }), { printerId: id })
const load = async (cookie: string, id: string, search = '') =>
  (await callLoader(detail, makeRequest(`/printers/${id}${search}`, { cookie }), { printerId: id })).data as {
    log: Array<{ id: string; type: string; printHours: number; version: number }>
    due: { items: Array<{ type: string; status: string; lastDone: { printHours: number } | null }> }
    editing: { id: string } | null
  }
const entryRow = async (id: string) => (await db.select().from(maintenanceLog).where(eq(maintenanceLog.id, id)))[0]
const counter = async (id: string) => (await db.select().from(printers).where(eq(printers.id, id)))[0].printHours
const auditOf = (printerId: string, action: string) => db.select().from(auditLog).where(and(eq(auditLog.entityId, printerId), eq(auditLog.action, action)))
const toastOf = async (res: { headers: Headers }) => (await readToast(new Request('http://localhost/', { headers: { Cookie: cookieHeader(...res.headers.getSetCookie()) } }))).toast
const formErrors = (res: { data: unknown }) => (res.data as { result: { error: Record<string, string[]> } }).result.error['']

/** An operator's nozzle change at `hours`; returns the entry's id. */
async function logged(printerId: string, hours: string, date = today()) {
  const { cookie } = await signedIn('operator')
  const res = await act(cookie, printerId, { intent: 'log', type: 'nozzle_change', performedOn: date, printHours: hours, parts: 'brass 0.4', confirmWarnings: 'on' })
  expect(res.status, JSON.stringify(res.data)).toBe(302)
  const [row] = await db.select().from(maintenanceLog).where(and(eq(maintenanceLog.printerId, printerId), eq(maintenanceLog.printHours, Number(hours).toFixed(1))))
  return row.id
}

const correction = (entryId: string, version: string, overrides: Record<string, string> = {}) => ({
  intent: 'correct-entry',
  entryId,
  version,
  type: 'nozzle_change',
  performedOn: today(),
  printHours: '110',
  parts: 'brass 0.4',
  note: '',
  ...overrides,
})

describe('correcting an entry', () => {
  test('a planner corrects type, date, hours, parts and note: the entry changes, its version rises, one audit row with before and after', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const { cookie } = await signedIn('planner')
    const yesterday = addDays(today(), -1)
    const res = await act(cookie, p.id, correction(entryId, '1', { type: 'cleaning', performedOn: yesterday, printHours: '90', parts: 'none', note: 'typo fixed' }))
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(await toastOf(res)).toMatchObject({ type: 'success', key: 'printers.entry.corrected', params: { date: yesterday } })
    expect(await entryRow(entryId)).toMatchObject({ type: 'cleaning', performedOn: yesterday, printHours: '90.0', parts: 'none', note: 'typo fixed', version: 2, removedAt: null })
    const [row] = await auditOf(p.id, 'printer.maintenance_correct')
    expect(row.before).toMatchObject({ type: 'nozzle_change', printHours: 100, parts: 'brass 0.4', counter: 120 })
    expect(row.after).toMatchObject({ type: 'cleaning', performedOn: yesterday, printHours: 90, note: 'typo fixed', counter: 120 })
    // The counter (120) was not lowered, and the printer's own version is untouched.
    expect(await counter(p.id)).toBe('120.0')
  })

  test('a correction with more print hours than the counter raises the counter; one with fewer never lowers it', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const { cookie } = await signedIn('planner')
    const up = await act(cookie, p.id, correction(entryId, '1', { printHours: '150.5', confirmWarnings: 'on' }))
    expect(up.status, JSON.stringify(up.data)).toBe(302)
    expect(await toastOf(up)).toMatchObject({ key: 'printers.entry.correctedRaised', params: { hours: '150.5' } })
    expect(await counter(p.id)).toBe('150.5')
    expect((await auditOf(p.id, 'printer.maintenance_correct'))[0].after).toMatchObject({ printHours: 150.5, counter: 150.5 })
    expect((await act(cookie, p.id, correction(entryId, '2', { printHours: '20' }))).status).toBe(302)
    expect(await counter(p.id)).toBe('150.5')
  })

  test('a correction dated in the future is a field error and changes nothing', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const { cookie } = await signedIn('planner')
    const res = await act(cookie, p.id, correction(entryId, '1', { performedOn: addDays(today(), 1) }))
    expect(res.status).toBe(400)
    expect((res.data as { result: { error: Record<string, string[]> } }).result.error.performedOn).toEqual(['printers.error.dateFuture'])
    expect(await entryRow(entryId)).toMatchObject({ printHours: '100.0', version: 1 })
    expect(await auditOf(p.id, 'printer.maintenance_correct')).toHaveLength(0)
  })

  test('sending the same values changes nothing and writes no audit row', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const { cookie } = await signedIn('planner')
    const res = await act(cookie, p.id, correction(entryId, '1', { printHours: '100' }))
    expect(res.status).toBe(302)
    expect(await toastOf(res)).toMatchObject({ type: 'info', key: 'printers.entry.unchanged' })
    expect(await entryRow(entryId)).toMatchObject({ version: 1 })
    expect(await auditOf(p.id, 'printer.maintenance_correct')).toHaveLength(0)
  })

  test('two tablets correct the same entry: the second gets a 409 with the current values, nothing overwritten', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const first = await signedIn('planner')
    const second = await signedIn('admin')
    expect((await act(first.cookie, p.id, correction(entryId, '1', { note: 'first tablet' }))).status).toBe(302)
    const late = await act(second.cookie, p.id, correction(entryId, '1', { note: 'second tablet' }))
    expect(late.status).toBe(409)
    expect(formErrors(late)).toEqual(['printers.entry.conflict'])
    expect((late.data as { currentEntry: unknown }).currentEntry).toMatchObject({ id: entryId, note: 'first tablet', version: 2, removedAt: null })
    expect(await entryRow(entryId)).toMatchObject({ note: 'first tablet', version: 2 })
    // A stale removal is refused the same way.
    const staleRemove = await act(second.cookie, p.id, { intent: 'remove-entry', entryId, version: '1' })
    expect(staleRemove.status).toBe(409)
    expect((await entryRow(entryId)).removedAt).toBeNull()
    expect(await auditOf(p.id, 'printer.maintenance_correct')).toHaveLength(1)
    expect(await auditOf(p.id, 'printer.maintenance_remove')).toHaveLength(0)
  })

  test('the edit link (?edit=<id>) opens the entry for a planner, never for an operator', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    expect((await load((await signedIn('planner')).cookie, p.id, `?edit=${entryId}`)).editing).toMatchObject({ id: entryId })
    expect((await load((await signedIn('operator')).cookie, p.id, `?edit=${entryId}`)).editing).toBeNull()
  })
})

describe('removing and restoring an entry', () => {
  test('a removed entry leaves the history and due maintenance; the toast offers Undo, which restores it', async () => {
    const p = await printerFixture()
    const older = await logged(p.id, '50', addDays(today(), -10))
    const newer = await logged(p.id, '100')
    const { cookie } = await signedIn('planner')
    let page = await load(cookie, p.id)
    expect(page.due.items.find((i) => i.type === 'nozzle_change')!.lastDone).toMatchObject({ printHours: 100 })

    const res = await act(cookie, p.id, { intent: 'remove-entry', entryId: newer, version: '1' })
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(res.location).toBe(`/printers/${p.id}`)
    const toast = await toastOf(res)
    expect(toast).toMatchObject({ type: 'success', key: 'printers.entry.removed', undo: { action: `/printers/${p.id}`, intent: 'restore-entry', fields: { entryId: newer, version: '2' } } })
    expect(await entryRow(newer)).toMatchObject({ version: 2, removedByName: expect.any(String) })
    expect((await entryRow(newer)).removedAt).toBeInstanceOf(Date)
    expect(await counter(p.id)).toBe('120.0')

    page = await load(cookie, p.id)
    expect(page.log.map((e) => e.id)).toEqual([older])
    expect(page.due.items.find((i) => i.type === 'nozzle_change')!.lastDone).toMatchObject({ printHours: 50 })
    expect((await latestEntriesByType([p.id])).map((e) => e.id)).toEqual([older])
    // Its edit link no longer opens it.
    expect((await load(cookie, p.id, `?edit=${newer}`)).editing).toBeNull()
    const [removal] = await auditOf(p.id, 'printer.maintenance_remove')
    expect(removal.before).toMatchObject({ type: 'nozzle_change', printHours: 100 })
    expect(removal.after).toBeNull()

    // Undo: the toast's form, as sent.
    const undo = await act(cookie, p.id, { intent: toast!.undo!.intent, ...toast!.undo!.fields })
    expect(undo.status, JSON.stringify(undo.data)).toBe(302)
    expect(await toastOf(undo)).toMatchObject({ key: 'printers.entry.restored' })
    expect(await entryRow(newer)).toMatchObject({ version: 3, removedAt: null, removedByName: null })
    page = await load(cookie, p.id)
    expect(page.log.map((e) => e.id).sort()).toEqual([older, newer].sort())
    expect(page.due.items.find((i) => i.type === 'nozzle_change')!.lastDone).toMatchObject({ printHours: 100 })
    const [restore] = await auditOf(p.id, 'printer.maintenance_restore')
    expect(restore.before).toBeNull()
    expect(restore.after).toMatchObject({ type: 'nozzle_change', printHours: 100 })

    // A second Undo (a stale toast) is refused: the entry is back already.
    const again = await act(cookie, p.id, { intent: 'restore-entry', entryId: newer, version: '2' })
    expect(again.status).toBe(409)
    expect(await auditOf(p.id, 'printer.maintenance_restore')).toHaveLength(1)
  })

  test('a removed entry cannot be corrected (409, it is gone) and a live one cannot be "restored"', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const { cookie } = await signedIn('planner')
    expect((await act(cookie, p.id, { intent: 'remove-entry', entryId, version: '1' })).status).toBe(302)
    const res = await act(cookie, p.id, correction(entryId, '2'))
    expect(res.status).toBe(409)
    expect(formErrors(res)).toEqual(['printers.entry.gone'])
    expect((await act(cookie, p.id, { intent: 'restore-entry', entryId, version: '2' })).status).toBe(302)
    const live = await act(cookie, p.id, { intent: 'restore-entry', entryId, version: '3' })
    expect(live.status).toBe(409)
    expect(formErrors(live)).toEqual(['printers.entry.notRemoved'])
  })

  test("another printer's entry is not found here, and nothing changes", async () => {
    const p = await printerFixture()
    const other = await printerFixture()
    const entryId = await logged(other.id, '100')
    const { cookie } = await signedIn('planner')
    expect((await act(cookie, p.id, { intent: 'remove-entry', entryId, version: '1' })).status).toBe(404)
    expect((await act(cookie, p.id, correction(entryId, '1', { note: 'x' }))).status).toBe(404)
    expect(await entryRow(entryId)).toMatchObject({ version: 1, removedAt: null, note: '' })
  })
})

describe('permissions', () => {
  test('an operator may log but not correct, remove or restore (403), and nothing changes', async () => {
    const p = await printerFixture()
    const entryId = await logged(p.id, '100')
    const { cookie } = await signedIn('operator')
    for (const form of [correction(entryId, '1', { note: 'operator' }), { intent: 'remove-entry', entryId, version: '1' }, { intent: 'restore-entry', entryId, version: '1' }]) {
      expect((await act(cookie, p.id, form)).status, form.intent).toBe(403)
    }
    expect(await entryRow(entryId)).toMatchObject({ version: 1, removedAt: null, note: '' })
  })
})

describe('maintenance window undo', () => {
  test('deleting a window offers Undo, which adds the same window again', async () => {
    const p = await printerFixture()
    const { cookie } = await signedIn('planner')
    const [w] = await db
      .insert(maintenanceWindows)
      .values({ printerId: p.id, startsAt: new Date('2030-01-01T01:00:00Z'), endsAt: new Date('2030-01-01T05:30:00Z'), reason: 'belt swap' })
      .returning()
    const res = await act(cookie, p.id, { intent: 'delete-window', windowId: w.id })
    expect(res.status).toBe(302)
    const toast = await toastOf(res)
    // Shop time (Asia/Seoul, +9 h), as the add form takes it.
    expect(toast).toMatchObject({ key: 'printers.windowDeleted', undo: { intent: 'add-window', fields: { startsAt: '2030-01-01T10:00', endsAt: '2030-01-01T14:30', reason: 'belt swap' } } })
    expect(await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.printerId, p.id))).toHaveLength(0)
    const undo = await act(cookie, p.id, { intent: toast!.undo!.intent, ...toast!.undo!.fields })
    expect(undo.status).toBe(302)
    const back = await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.printerId, p.id))
    expect(back).toMatchObject([{ startsAt: w.startsAt, endsAt: w.endsAt, reason: 'belt swap' }])
  })
})
