import { afterEach, describe, expect, test, vi } from 'vitest'
import * as dashboard from '~/routes/_index/route'
import { registry } from '~/utils/metrics.server'
import { cachedRead, dataSnapshot, timeBucket } from '~/utils/read-cache.server'
import { callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { makeOrder, makeProduct } from '../support/authz/orders'

/** Lookups of a view so far (hits and misses, from the mes_read_cache_total counter). */
async function lookups(view: string): Promise<number> {
  const metric = await registry.getSingleMetric('mes_read_cache_total')?.get()
  return (metric?.values ?? []).filter((v) => v.labels.view === view).reduce((n, v) => n + v.value, 0)
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
})
