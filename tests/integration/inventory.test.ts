import { and, count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, filaments, spools, spoolUsage } from '~db/schema'
import { consumeFilament } from '~/models/inventory/filament-use.server'
import * as filamentPage from '~/routes/inventory.filaments.$filamentId'
import * as filamentsIndex from '~/routes/inventory.filaments._index'
import * as listPage from '~/routes/inventory._index'
import * as spoolPage from '~/routes/inventory.spools.$spoolId'
import * as newSpool from '~/routes/inventory.spools.new'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'

let seq = 0
const unique = (prefix: string) => `${prefix} ${++seq}-${process.pid}`

async function as(role: 'viewer' | 'operator' | 'planner' | 'admin') {
  const user = await makeUser(role)
  return { user, cookie: await sessionFor(user.id) }
}

async function addFilament(cookie: string, fields: Partial<Record<string, string>> = {}) {
  const form = { material: 'PETG', colourName: unique('Black'), colourHex: '#111111', brand: 'Acme', lowStockGrams: '0', ...fields } as Record<string, string>
  const res = await callAction(filamentsIndex, makeRequest('/inventory/filaments', { cookie, form }))
  const [row] = await db
    .select()
    .from(filaments)
    .where(and(eq(filaments.material, form.material), eq(filaments.colourName, form.colourName), eq(filaments.brand, form.brand)))
  return { res, filament: row, form }
}

async function addSpool(cookie: string, filamentId: string, fields: Partial<Record<string, string>> = {}) {
  const form = { filamentId, batch: 'A1', initialNetGrams: '1000', tareGrams: '250', location: 'Shelf 1', receivedOn: '2026-01-10', ...fields } as Record<string, string>
  const res = await callAction(newSpool, makeRequest('/inventory/spools/new', { cookie, form }))
  expect(res.status, JSON.stringify(res.data)).toBe(302)
  const id = res.location!.split('/').pop()!
  return id
}

const spoolRow = async (id: string) => (await db.select().from(spools).where(eq(spools.id, id)))[0]
const usageRows = (id: string) => db.select().from(spoolUsage).where(eq(spoolUsage.spoolId, id)).orderBy(spoolUsage.id)
const auditRows = (id: string) => db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id)
const totalAudit = async () => (await db.select({ n: count() }).from(auditLog))[0].n
const totalUsage = async () => (await db.select({ n: count() }).from(spoolUsage))[0].n

function act(cookie: string, spoolId: string, form: Record<string, string>) {
  return callAction(spoolPage, makeRequest(`/inventory/spools/${spoolId}`, { cookie, form }), { spoolId })
}
const fieldErrors = (res: { data: unknown }) => (res.data as { result: { error: Record<string, string[]> } }).result.error

describe('filaments and spools', () => {
  test('a planner adds a filament and a spool: one audit row each, and a "receive" usage row for the spool', async () => {
    const { cookie } = await as('planner')
    const { res, filament } = await addFilament(cookie)
    expect(res).toMatchObject({ status: 302, location: '/inventory/filaments' })
    expect(filament).toMatchObject({ material: 'PETG', colourHex: '#111111', lowStockGrams: '0.0', version: 1 })
    expect((await auditRows(filament.id)).map((r) => r.action)).toEqual(['filament.create'])

    const id = await addSpool(cookie, filament.id, { initialNetGrams: '1000.5' })
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '1000.5', initialNetGrams: '1000.5', tareGrams: '250.0', status: 'active', batch: 'A1' })
    expect((await usageRows(id)).map((u) => [u.kind, u.deltaGrams, u.remainingGrams])).toEqual([['receive', '1000.5', '1000.5']])
    expect((await auditRows(id)).map((r) => r.action)).toEqual(['spool.create'])
  })

  test('the list groups spools by material + colour with per-batch subtotals and the estimated remaining', async () => {
    const { cookie } = await as('viewer')
    const planner = await as('planner')
    const { filament } = await addFilament(planner.cookie, { colourName: unique('Grouped') })
    await addSpool(planner.cookie, filament.id, { batch: 'A2', initialNetGrams: '300' })
    await addSpool(planner.cookie, filament.id, { batch: 'A1', initialNetGrams: '200' })
    await addSpool(planner.cookie, filament.id, { batch: 'A1', initialNetGrams: '100.5' })
    const res = await callLoader(listPage, makeRequest(`/inventory?colour=${encodeURIComponent(filament.colourName)}`, { cookie }))
    const data = res.data as { groups: { batches: { spools: { batch: string; remainingMg: number; estimatedMg: number | null }[] }[] }[] }
    const spools = data.groups.flatMap((g) => g.batches.flatMap((b) => b.spools))
    expect(spools.map((s) => s.batch)).toEqual(['A1', 'A1', 'A2'])
    expect(spools.every((s) => s.estimatedMg === s.remainingMg)).toBe(true) // no plan yet
  })

  test('a long list is paged by 100 spools under their groups, with the totals of the whole filtered list', async () => {
    const { cookie } = await as('viewer')
    const planner = await as('planner')
    const colour = unique('Paged')
    const { filament } = await addFilament(planner.cookie, { colourName: colour })
    // 130 spools straight in the database (B1 … B13, 10 each), one archived (left out by default).
    const rows = Array.from({ length: 130 }, (_, i) => ({
      filamentId: filament.id,
      batch: `B${1 + Math.floor(i / 10)}`,
      initialNetGrams: '1000.0',
      remainingGrams: `${100 + i}.5`,
      tareGrams: '250.0',
      location: `Rack ${i}`,
      receivedOn: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}`,
      status: i === 129 ? ('archived' as const) : ('active' as const),
    }))
    await db.insert(spools).values(rows)
    type Page = {
      page: number
      pages: number
      total: number
      groups: { spoolCount: number; remainingMg: number; batches: { batch: string; spoolCount: number; spools: { location: string; remainingMg: number; tareMg: number; version: number }[] }[] }[]
    }
    const load = async (q: string) => (await callLoader(listPage, makeRequest(`/inventory?colour=${encodeURIComponent(colour)}${q}`, { cookie }))).data as Page
    const first = await load('')
    const second = await load('&page=2')
    expect([first.page, first.pages, first.total, second.page]).toEqual([1, 2, 129, 2])
    const spoolsOf = (p: Page) => p.groups.flatMap((g) => g.batches.flatMap((b) => b.spools))
    expect(spoolsOf(first)).toHaveLength(100)
    expect(spoolsOf(second)).toHaveLength(29)
    // Natural batch order (B2 before B10), the whole list's totals on both pages, full rows on the page.
    expect(first.groups[0].batches.map((b) => b.batch).slice(0, 3)).toEqual(['B1', 'B2', 'B3'])
    const active = rows.slice(0, 129).reduce((n, r) => n + Math.round(Number(r.remainingGrams) * 1000), 0)
    expect([first.groups[0].spoolCount, first.groups[0].remainingMg, second.groups[0].remainingMg]).toEqual([129, active, active])
    expect(spoolsOf(second).at(-1)).toMatchObject({ location: 'Rack 128', remainingMg: 228_500, tareMg: 250_000, version: 1 })
    expect(new Set([...spoolsOf(first), ...spoolsOf(second)].map((s) => s.location)).size).toBe(129)
  })
})

describe('stock changes', () => {
  test('weigh-in: remaining = gross − tare, with one usage row (kind, gross, user) and one audit row', async () => {
    const planner = await as('planner')
    const { user, cookie } = await as('operator')
    const { filament } = await addFilament(planner.cookie)
    const id = await addSpool(planner.cookie, filament.id, { tareGrams: '250.5' })
    const res = await act(cookie, id, { intent: 'weigh', version: '1', grossGrams: '1000' })
    expect(res).toMatchObject({ status: 302, location: `/inventory/spools/${id}` })
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '749.5', status: 'active', version: 2 })
    const usage = await usageRows(id)
    expect(usage.map((u) => [u.kind, u.deltaGrams, u.remainingGrams, u.grossGrams, u.username])).toEqual([
      ['receive', '1000.0', '1000.0', null, expect.any(String)],
      ['weigh', '-250.5', '749.5', '1000.0', user.username],
    ])
    const audits = (await auditRows(id)).filter((a) => a.action === 'spool.weigh')
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ username: user.username, before: { remainingMg: 1_000_000 }, after: { remainingMg: 749_500, grossMg: 1_000_000 } })
  })

  test('deduction and correction each write one usage row and one audit row; reaching 0 g makes the spool empty', async () => {
    const planner = await as('planner')
    const { cookie } = await as('operator')
    const { filament } = await addFilament(planner.cookie)
    const id = await addSpool(planner.cookie, filament.id, { initialNetGrams: '500' })
    expect((await act(cookie, id, { intent: 'deduct', version: '1', grams: '120.5', reason: 'failed print' })).status).toBe(302)
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '379.5', status: 'active', version: 2 })
    expect((await act(cookie, id, { intent: 'deduct', version: '2', grams: '379.5' })).status).toBe(302)
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '0.0', status: 'empty', version: 3 })
    expect((await act(cookie, id, { intent: 'correct', version: '3', remainingGrams: '12.3', reason: 'found some' })).status).toBe(302)
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '12.3', status: 'active', version: 4 })
    expect((await usageRows(id)).map((u) => [u.kind, u.deltaGrams, u.reason])).toEqual([
      ['receive', '500.0', ''],
      ['deduct', '-120.5', 'failed print'],
      ['deduct', '-379.5', ''],
      ['correct', '12.3', 'found some'],
    ])
    expect((await auditRows(id)).map((a) => a.action)).toEqual(['spool.create', 'spool.deduct', 'spool.deduct', 'spool.correct'])
  })

  test('two operators weighing the same spool at once: one succeeds, the other gets 409 with the newer values', async () => {
    const planner = await as('planner')
    const a = await as('operator')
    const b = await as('operator')
    const { filament } = await addFilament(planner.cookie)
    const id = await addSpool(planner.cookie, filament.id)
    const [r1, r2] = await Promise.all([
      act(a.cookie, id, { intent: 'weigh', version: '1', grossGrams: '900' }),
      act(b.cookie, id, { intent: 'weigh', version: '1', grossGrams: '880' }),
    ])
    const statuses = [r1.status, r2.status].sort()
    expect(statuses).toEqual([302, 409])
    const loser = r1.status === 409 ? r1 : r2
    const winnerGross = r1.status === 302 ? '900' : '880'
    const current = (loser.data as { current: { version: number; remainingMg: number } }).current
    const row = await spoolRow(id)
    expect(row.version).toBe(2)
    expect(current).toMatchObject({ version: 2, remainingMg: (Number(winnerGross) - 250) * 1000 })
    expect(row.remainingGrams).toBe(`${Number(winnerGross) - 250}.0`)
    expect((await usageRows(id)).filter((u) => u.kind === 'weigh')).toHaveLength(1)
    expect((await auditRows(id)).filter((u) => u.action === 'spool.weigh')).toHaveLength(1)
    // The second operator re-submits against the version shown: nothing was lost.
    expect((await act(loser === r1 ? a.cookie : b.cookie, id, { intent: 'weigh', version: '2', grossGrams: '870' })).status).toBe(302)
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '620.0', version: 3 })
  })

  test('archived spools take no stock change; restoring makes them usable again', async () => {
    const { cookie } = await as('planner')
    const { filament } = await addFilament(cookie)
    const id = await addSpool(cookie, filament.id)
    expect((await act(cookie, id, { intent: 'archive', version: '1' })).status).toBe(302)
    const refused = await act(cookie, id, { intent: 'weigh', version: '2', grossGrams: '900' })
    expect(refused.status).toBe(400)
    expect(fieldErrors(refused)['']).toEqual(['inventory.error.spoolArchived'])
    expect((await act(cookie, id, { intent: 'restore', version: '2' })).status).toBe(302)
    expect(await spoolRow(id)).toMatchObject({ status: 'active', version: 3 })
  })
})

describe('bad input changes nothing and answers with a field-level message', () => {
  test.each([
    ['negative grams', { intent: 'deduct', grams: '-5' }, 'grams', 'inventory.error.gramsNegative'],
    ['non-numeric grams', { intent: 'deduct', grams: 'abc' }, 'grams', 'inventory.error.gramsNumber'],
    ['an exponent', { intent: 'weigh', grossGrams: '1e3' }, 'grossGrams', 'inventory.error.gramsNumber'],
    ['more than one decimal', { intent: 'weigh', grossGrams: '900.25' }, 'grossGrams', 'inventory.error.gramsDecimals'],
    ['gross weight below tare', { intent: 'weigh', grossGrams: '249.9' }, 'grossGrams', 'inventory.error.grossBelowTare'],
    ['deducting more than remains', { intent: 'deduct', grams: '1000.1' }, 'grams', 'inventory.error.insufficient'],
    ['a zero deduction', { intent: 'deduct', grams: '0' }, 'grams', 'inventory.error.gramsPositive'],
    ['a negative correction', { intent: 'correct', remainingGrams: '-1' }, 'remainingGrams', 'inventory.error.gramsNegative'],
  ])('%s', async (_name, form, field, key) => {
    const planner = await as('planner')
    const { cookie } = await as('operator')
    const { filament } = await addFilament(planner.cookie)
    const id = await addSpool(planner.cookie, filament.id)
    const [auditBefore, usageBefore] = [await totalAudit(), await totalUsage()]
    const res = await act(cookie, id, { version: '1', ...form })
    expect(res.status).toBe(400)
    expect(fieldErrors(res)[field]).toEqual([key])
    expect(await spoolRow(id)).toMatchObject({ remainingGrams: '1000.0', version: 1, status: 'active' })
    expect([await totalAudit(), await totalUsage()]).toEqual([auditBefore, usageBefore])
  })

  test('an unknown filament for a new spool, a duplicate filament and a bad new-spool mass are field errors', async () => {
    const { cookie } = await as('planner')
    const { filament, form } = await addFilament(cookie)
    const before = [await totalAudit(), (await db.select({ n: count() }).from(spools))[0].n, (await db.select({ n: count() }).from(filaments))[0].n]

    for (const filamentId of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const res = await callAction(newSpool, makeRequest('/inventory/spools/new', { cookie, form: { filamentId, initialNetGrams: '1000' } }))
      expect(res.status).toBe(400)
      expect((res.data as { error: Record<string, string[]> }).error.filamentId).toEqual(['inventory.error.unknownFilament'])
    }
    const badMass = await callAction(newSpool, makeRequest('/inventory/spools/new', { cookie, form: { filamentId: filament.id, initialNetGrams: '10.55', tareGrams: '-1' } }))
    expect(badMass.status).toBe(400)
    expect((badMass.data as { error: Record<string, string[]> }).error).toMatchObject({
      initialNetGrams: ['inventory.error.gramsDecimals'],
      tareGrams: ['inventory.error.gramsNegative'],
    })

    // Same material, colour and brand in another case and spacing is the same product.
    const dup = await callAction(
      filamentsIndex,
      makeRequest('/inventory/filaments', { cookie, form: { ...form, material: form.material.toLowerCase(), colourName: ` ${form.colourName.toUpperCase()} `, brand: 'ACME' } }),
    )
    expect(dup.status).toBe(409)
    expect((dup.data as { error: Record<string, string[]> }).error.brand).toEqual(['inventory.error.duplicateFilament'])

    const badHex = await callAction(filamentsIndex, makeRequest('/inventory/filaments', { cookie, form: { ...form, colourName: 'x', colourHex: 'red', lowStockGrams: '-3' } }))
    expect(badHex.status).toBe(400)
    expect((badHex.data as { error: Record<string, string[]> }).error).toMatchObject({ colourHex: ['inventory.error.colourHex'], lowStockGrams: ['inventory.error.gramsNegative'] })

    expect([await totalAudit(), (await db.select({ n: count() }).from(spools))[0].n, (await db.select({ n: count() }).from(filaments))[0].n]).toEqual(before)
  })

  test('the database itself refuses a negative remaining mass', async () => {
    const { cookie } = await as('planner')
    const { filament } = await addFilament(cookie)
    const id = await addSpool(cookie, filament.id)
    await expect(db.update(spools).set({ remainingGrams: '-0.1' }).where(eq(spools.id, id))).rejects.toThrow()
    expect((await spoolRow(id)).remainingGrams).toBe('1000.0')
  })

  test('unknown spool → 404, unknown intent → 400, a stale filament version → 409 with the newer values', async () => {
    const { cookie } = await as('planner')
    const { filament } = await addFilament(cookie)
    const id = await addSpool(cookie, filament.id)
    expect((await act(cookie, '00000000-0000-0000-0000-000000000000', { intent: 'weigh', version: '1', grossGrams: '1' })).status).toBe(404)
    expect((await act(cookie, id, { intent: 'teleport', version: '1' })).status).toBe(400)
    const edit = (version: string, lowStockGrams: string) =>
      callAction(
        filamentPage,
        makeRequest(`/inventory/filaments/${filament.id}`, {
          cookie,
          form: { intent: 'save', version, material: filament.material, colourName: filament.colourName, colourHex: '#222222', brand: filament.brand, lowStockGrams },
        }),
        { filamentId: filament.id },
      )
    expect((await edit('1', '500')).status).toBe(302)
    const stale = await edit('1', '700')
    expect(stale.status).toBe(409)
    expect((stale.data as { current: { lowStockMg: number; version: number } }).current).toMatchObject({ lowStockMg: 500_000, version: 2 })
  })
})

describe('consumeFilament (called by the scheduling module inside its own transaction)', () => {
  async function twoBatches() {
    const { user, cookie } = await as('planner')
    const { filament } = await addFilament(cookie, { material: 'PLA', colourName: unique('Red') })
    const older = await addSpool(cookie, filament.id, { batch: 'A2', initialNetGrams: '300', receivedOn: '2026-01-01' })
    const newer = await addSpool(cookie, filament.id, { batch: 'A1', initialNetGrams: '700', receivedOn: '2026-02-01' })
    return { actor: { id: user.id, username: user.username }, filament, older, newer }
  }

  test('FIFO across two batches: the oldest empties first, one usage row per spool and exactly one audit row', async () => {
    const { actor, filament, older, newer } = await twoBatches()
    const auditBefore = await totalAudit()
    const result = await db.transaction((tx) =>
      consumeFilament(tx, { material: ' pla ', colour: filament.colourName.toUpperCase(), grams: 500, reason: 'job done', jobId: 'job-42' }, actor),
    )
    expect(result).toMatchObject({ ok: true, consumedMg: 500_000 })
    expect(await spoolRow(older)).toMatchObject({ remainingGrams: '0.0', status: 'empty', version: 2 })
    expect(await spoolRow(newer)).toMatchObject({ remainingGrams: '500.0', status: 'active', version: 2 })
    expect((await usageRows(older)).at(-1)).toMatchObject({ kind: 'consume', deltaGrams: '-300.0', jobId: 'job-42', reason: 'job done', username: actor.username })
    expect((await usageRows(newer)).at(-1)).toMatchObject({ kind: 'consume', deltaGrams: '-200.0', jobId: 'job-42' })
    expect((await totalAudit()) - auditBefore).toBe(1)
    const [row] = await db.select().from(auditLog).where(eq(auditLog.action, 'spool.consume')).orderBy(auditLog.id)
    expect(row.after).toMatchObject({ consumedMg: 500_000, jobId: 'job-42' })
  })

  test('from a chosen spool, with decimal grams as text', async () => {
    const { actor, newer } = await twoBatches()
    const result = await db.transaction((tx) => consumeFilament(tx, { spoolId: newer, grams: '12.5', reason: 'sample' }, actor))
    expect(result).toMatchObject({ ok: true, consumedMg: 12_500 })
    expect((await spoolRow(newer)).remainingGrams).toBe('687.5')
  })

  test('more than the pool holds, bad grams or an unknown spool: nothing is written', async () => {
    const { actor, filament, older, newer } = await twoBatches()
    const [auditBefore, usageBefore] = [await totalAudit(), await totalUsage()]
    const run = (input: Parameters<typeof consumeFilament>[1]) => db.transaction((tx) => consumeFilament(tx, input, actor))
    expect(await run({ material: 'PLA', colour: filament.colourName, grams: 1000.1, reason: 'x' })).toEqual({
      ok: false,
      code: 'insufficient',
      requestedMg: 1_000_100,
      availableMg: 1_000_000,
      shortfallMg: 100,
    })
    expect(await run({ material: 'PLA', colour: filament.colourName, grams: -1, reason: 'x' })).toMatchObject({ ok: false, code: 'invalid_amount' })
    expect(await run({ material: 'PLA', colour: filament.colourName, grams: 1.25, reason: 'x' })).toMatchObject({ ok: false, code: 'invalid_amount' })
    expect(await run({ spoolId: '00000000-0000-0000-0000-000000000000', grams: 1, reason: 'x' })).toMatchObject({ ok: false, code: 'spool_not_found' })
    expect(await run({ material: 'TPU', colour: 'Nothing', grams: 1, reason: 'x' })).toMatchObject({ ok: false, code: 'insufficient', availableMg: 0 })
    expect([await totalAudit(), await totalUsage()]).toEqual([auditBefore, usageBefore])
    expect((await spoolRow(older)).version).toBe(1)
    expect((await spoolRow(newer)).version).toBe(1)
  })

  test("rolls back with the caller's transaction", async () => {
    const { actor, filament, older } = await twoBatches()
    await expect(
      db.transaction(async (tx) => {
        await consumeFilament(tx, { material: 'PLA', colour: filament.colourName, grams: 100, reason: 'x' }, actor)
        throw new Error('the job could not be recorded')
      }),
    ).rejects.toThrow('the job could not be recorded')
    expect((await spoolRow(older)).remainingGrams).toBe('300.0')
  })
})
