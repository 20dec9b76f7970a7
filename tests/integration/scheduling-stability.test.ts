/**
 * Stable re-planning through the models (issue 16, item 7): pressing "Plan" again a few minutes later with nothing
 * changed moves nothing; a new order adds only its own jobs; the preview's load covers the next 7 days.
 * Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */
import { beforeEach, describe, expect, test } from 'vitest'
import { applyPlan, previewPlan } from '~/models/scheduling/plan.server'
import { actor, at, BASE, jobRows, makeFilament, makeOrder, makePrinter, makeProduct, MINUTE, resetScheduling } from '../support/scheduling-fixtures'

const planner = actor(null, 'planner')
const plus = (minutes: number) => new Date(BASE.getTime() + minutes * MINUTE)

beforeEach(resetScheduling)

async function shop() {
  const printers = [await makePrinter({ changeoverMinutes: 10 }), await makePrinter({ changeoverMinutes: 10 })]
  const { filament } = await makeFilament()
  const product = await makeProduct(filament.id)
  return { printers, product }
}

async function planAndApply(when: Date) {
  const preview = await previewPlan(when)
  const applied = await applyPlan(planner, when, preview.fingerprint, when)
  expect(applied).toMatchObject({ ok: true })
  return { preview, applied }
}

describe('stable re-planning', () => {
  test('planning again 5 minutes later with nothing changed moves nothing: the stored jobs keep their rows and times', async () => {
    const { product } = await shop()
    await makeOrder(product.id, { targetQuantity: 24, createdAt: at(-48) })
    await makeOrder(product.id, { targetQuantity: 10, createdAt: at(-24), priority: 2 })
    await planAndApply(BASE)
    const before = await jobRows()
    expect(before.length).toBeGreaterThan(4)

    const again = await previewPlan(plus(5))
    expect(again.diff).toMatchObject({ added: [], moved: [], removed: [] })
    expect(again.diff.unchanged).toHaveLength(before.length)
    const { applied } = await planAndApply(plus(5))
    expect(applied).toEqual({ ok: true, added: 0, moved: 0, removed: 0, unchanged: before.length })
    expect(await jobRows()).toEqual(before)
  })

  test('one new order (ranked after the others) only adds its own jobs', async () => {
    const { product } = await shop()
    await makeOrder(product.id, { targetQuantity: 16, createdAt: at(-48) })
    await planAndApply(BASE)
    const before = await jobRows()

    const added = await makeOrder(product.id, { targetQuantity: 8, createdAt: at(0) })
    const preview = await previewPlan(plus(7))
    expect(preview.diff.moved).toEqual([])
    expect(preview.diff.removed).toEqual([])
    expect(preview.diff.unchanged).toHaveLength(before.length)
    expect(preview.diff.added.map((j) => j.orderId)).toEqual([added.id, added.id])
    await applyPlan(planner, plus(7), preview.fingerprint, plus(7))
    const after = await jobRows()
    expect(after.filter((r) => r.orderId !== added.id)).toEqual(before)
  })

  test('the preview reports each printer’s load over the next 7 days, not over the whole horizon', async () => {
    const { printers, product } = await shop()
    // 24 one-hour plates of 4 units spread over two 24 h printers: 12 h each out of 7 × 24 h.
    await makeOrder(product.id, { targetQuantity: 96 })
    const preview = await previewPlan(BASE)
    const load = new Map(preview.result.load.map((l) => [l.printerId, l]))
    for (const p of printers) {
      expect(load.get(p.id)?.availableMs).toBe(7 * 24 * 60 * MINUTE)
      expect(load.get(p.id)?.plannedMs).toBe(12 * 60 * MINUTE)
    }
  })
})
