/**
 * Stable plans (issue 17, item 5), the case scheduling-stability.test.ts leaves open: an urgent order that must take
 * the place of stored jobs moves only the jobs whose slots it takes; every other stored job keeps its row and times.
 * (Planning twice with nothing changed → 0 moves, and a new order ranked after the others → only its own jobs, are in
 * scheduling-stability.test.ts.) Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */
import { beforeEach, expect, test } from 'vitest'
import { applyPlan, previewPlan } from '~/models/scheduling/plan.server'
import { actor, BASE, jobRows, makeFilament, makeOrder, makePrinter, makeProduct, MINUTE, resetScheduling } from '../support/scheduling-fixtures'

const planner = actor(null, 'planner')
const plus = (minutes: number) => new Date(BASE.getTime() + minutes * MINUTE)
const CHANGEOVER = 10

beforeEach(resetScheduling)

test('an urgent order moves only the stored jobs whose slots it takes; the other printer’s queue stays as it was', async () => {
  const printers = [await makePrinter({ changeoverMinutes: CHANGEOVER }), await makePrinter({ changeoverMinutes: CHANGEOVER })]
  const { filament } = await makeFilament()
  // 60-minute plates of 4 units: 24 units = 6 plates, three on each printer, back to back from BASE.
  const product = await makeProduct(filament.id)
  await makeOrder(product.id, { targetQuantity: 24, priority: 0 })
  const first = await previewPlan(BASE)
  expect(await applyPlan(planner, BASE, first.fingerprint, BASE)).toMatchObject({ ok: true })
  const before = await jobRows()
  expect(new Set(before.map((j) => j.printerId))).toEqual(new Set(printers.map((p) => p.id)))

  // Five minutes later a rush order of one plate, ranked before everything: it starts now, on one of the two printers.
  const rush = await makeOrder(product.id, { targetQuantity: 4, priority: 3 })
  const now = plus(5)
  const preview = await previewPlan(now)
  const [rushJob] = preview.diff.added.filter((j) => j.orderId === rush.id)
  expect(rushJob.start).toEqual(now)

  // What had to move: the stored jobs on the rush job's printer within a changeover of its slot.
  const gap = CHANGEOVER * MINUTE
  const inTheWay = before
    .filter((j) => j.printerId === rushJob.printerId && j.startsAt.getTime() < rushJob.end.getTime() + gap && rushJob.start.getTime() < j.endsAt.getTime() + gap)
    .map((j) => j.id)
  expect(inTheWay.length).toBeGreaterThan(0)
  expect(preview.diff.moved.map((m) => m.id).sort()).toEqual([...inTheWay].sort())
  expect(preview.diff.removed).toEqual([])
  expect(preview.diff.added.map((j) => j.orderId)).toEqual([rush.id])
  expect(preview.diff.unchanged).toHaveLength(before.length - inTheWay.length)

  // Applied: every job that was not in the way keeps its row, printer and times.
  expect(await applyPlan(planner, now, preview.fingerprint, now)).toMatchObject({ ok: true, added: 1, moved: inTheWay.length, removed: 0 })
  const after = await jobRows()
  const untouched = before.filter((j) => !inTheWay.includes(j.id))
  for (const j of untouched) {
    expect(after.find((a) => a.id === j.id)).toMatchObject({ printerId: j.printerId, startsAt: j.startsAt, endsAt: j.endsAt, units: j.units })
  }
  // And planning once more right away moves nothing.
  const again = await previewPlan(plus(6))
  expect(again.diff).toMatchObject({ added: [], moved: [], removed: [] })
})
