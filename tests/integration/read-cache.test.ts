import { afterEach, describe, expect, test, vi } from 'vitest'
import { db } from '~db/client.server'
import { printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import * as dashboard from '~/routes/_index/route'
import * as printerPage from '~/routes/printers.$printerId/route'
import { registry } from '~/utils/metrics.server'
import { cachedRead, dataSnapshot, timeBucket } from '~/utils/read-cache.server'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { makeOrder, makeProduct } from '../support/authz/orders'

/** Lookups of a view so far (hits and misses, or one of them, from the mes_read_cache_total counter). */
async function lookups(view: string, outcome?: 'hit' | 'miss'): Promise<number> {
  const metric = await registry.getSingleMetric('mes_read_cache_total')?.get()
  return (metric?.values ?? []).filter((v) => v.labels.view === view && (!outcome || v.labels.outcome === outcome)).reduce((n, v) => n + v.value, 0)
}

// Every call site of the read cache (dashboard, statistics, Gantt, order board, inventory, vibration overview) relies on
// these properties: same snapshot ⇒ one computation; any commit ⇒ a fresh one; failures are not remembered.
describe('read cache keyed by the database snapshot', () => {
  afterEach(() => {
    delete process.env.READ_CACHE
  })

  test('computes once per snapshot, again after any commit, and shares one computation between concurrent callers', async () => {
    const name = `t-${Math.random()}`
    let calls = 0
    const compute = async () => ++calls
    expect(await cachedRead(name, 'p', compute)).toBe(1)
    expect(await cachedRead(name, 'p', compute)).toBe(1)
    // other params are another entry
    expect(await cachedRead(name, 'q', compute)).toBe(2)
    // a write elsewhere changes the snapshot
    const before = await dataSnapshot()
    await makeProduct({ name: `cache-${Math.random()}` })
    expect(await dataSnapshot()).not.toBe(before)
    expect(await cachedRead(name, 'p', compute)).toBe(3)
    // concurrent misses share one computation: it is held open until all ten lookups are counted (hit or miss), so a
    // cache that kept only finished results would compute ten times
    await makeProduct({ name: `cache-${Math.random()}` })
    let slow = 0
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    const slowCompute = async () => {
      slow++
      await held
      return slow
    }
    const looked = await lookups(name)
    const pending = Promise.all(Array.from({ length: 10 }, () => cachedRead(name, 'slow', slowCompute)))
    await vi.waitFor(async () => expect(await lookups(name)).toBe(looked + 10), { timeout: 10_000 })
    release()
    const results = await pending
    expect(results).toEqual(Array(10).fill(1))
    expect(slow).toBe(1)
  })

  test('a failed computation is not cached; READ_CACHE=0 always computes', async () => {
    const name = `t-${Math.random()}`
    await expect(cachedRead(name, '', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await cachedRead(name, '', async () => 'ok')).toBe('ok')
    process.env.READ_CACHE = '0'
    let calls = 0
    await cachedRead(name, 'off', async () => ++calls)
    await cachedRead(name, 'off', async () => ++calls)
    expect(calls).toBe(2)
  })

  test('time buckets round down', () => {
    expect(timeBucket(new Date('2026-11-24T10:00:17.500Z'), 10_000).toISOString()).toBe('2026-11-24T10:00:10.000Z')
  })

  test('the dashboard shows an order created between two loads at once (no stale cache after a write)', async () => {
    const viewer = await makeUser('viewer')
    const cookie = await sessionFor(viewer.id)
    const load = async () => {
      const res = await callLoader(dashboard, makeRequest('/', { cookie }))
      expect(res.status).toBe(200)
      return JSON.parse(JSON.stringify(res.data)) as { openOrders: unknown }
    }
    const first = await load()
    expect((await load()).openOrders).toEqual(first.openOrders)
    const p = await makeProduct({ name: `cache-${Math.random()}` })
    await makeOrder({ productId: p.id, targetQuantity: 7 })
    const second = await load()
    expect(second.openOrders).not.toEqual(first.openOrders)
  })

  test('the printer page is read once per snapshot, and a maintenance entry logged on it shows on the next load', async () => {
    const planner = await makeUser('planner')
    const cookie = await sessionFor(planner.id)
    const [p] = await db
      .insert(printers)
      .values({ assetId: `CACHE-${process.pid % 1000}-${Math.floor(Math.random() * 1e6)}`, name: 'Cache printer', calendar: calendarPreset('always') })
      .returning()
    const load = async () => {
      const res = await callLoader(printerPage, makeRequest(`/printers/${p.id}`, { cookie }), { printerId: p.id })
      expect(res.status).toBe(200)
      return res.data as { log: Array<{ type: string }>; printer: { id: string } }
    }
    const [lookedUp, hit] = [await lookups('printer-page'), await lookups('printer-page', 'hit')]
    const first = await load()
    expect(first.printer.id).toBe(p.id)
    expect(first.log).toEqual([])
    await load()
    // Two lookups, the second a hit (no commit in between).
    expect(await lookups('printer-page')).toBe(lookedUp + 2)
    expect(await lookups('printer-page', 'hit')).toBe(hit + 1)
    const form = { intent: 'log', type: 'nozzle_change', performedOn: new Date().toISOString().slice(0, 10), printHours: '0', parts: '', confirmWarnings: 'on' }
    const res = await callAction(printerPage, makeRequest(`/printers/${p.id}`, { cookie, form }), { printerId: p.id })
    expect(res.status).toBe(302)
    expect((await load()).log.map((e) => e.type)).toEqual(['nozzle_change'])
  })
})
