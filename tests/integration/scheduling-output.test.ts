/**
 * Scheduling model, recorded output (issue 6, "Start / record actual output"): finishing a print in one transaction —
 * filament FIFO, printer hours, plan reduction, over-production into the product surplus, shortfalls, corrections,
 * two operators at once — and the feeds other modules read. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { products } from '~db/schema'
import { plannedFilamentUse } from '~/models/inventory/outlook.server'
import { getOrder, producedByOrder } from '~/models/orders.server'
import { printerJobsForUtilisation } from '~/models/printers/overview.server'
import { finishedJobRefs, productJobActuals } from '~/models/products.server'
import { applyPlan, previewPlan } from '~/models/scheduling/plan.server'
import { correctJob, finishJob } from '~/models/scheduling/job-output.server'
import { createManualJob } from '~/models/scheduling/job-edits.server'
import { drawSurplus, productSurplus } from '~/models/scheduling/surplus.server'
import { getJob, recordedOutput } from '~/models/scheduling/job-queries.server'
import {
  actor,
  at,
  auditRows,
  BASE,
  finishWith,
  jobRow,
  jobRows,
  makeFilament,
  makeOrder,
  makePrinter,
  makeProduct,
  printHours,
  resetScheduling,
  runJob,
  snapshot,
  spoolState,
  startAt,
  stockMoves,
  TODAY,
  usageRows,
} from '../support/scheduling-fixtures'

const planner = actor(null, 'planner')
const operator = actor(null, 'operator')

beforeEach(resetScheduling)

/** One 24 h PLA printer; PLA Black in two spools (30 g received first, then 1000 g); product 4 units / 60 min / 10 g. */
async function shop(spoolGrams = ['30.0', '1000.0']) {
  const printer = await makePrinter()
  const { filament, spoolIds } = await makeFilament('PLA', 'Black', spoolGrams)
  const product = await makeProduct(filament.id)
  return { printer, filament, spoolIds, product }
}

async function plan(when: Date = BASE) {
  const preview = await previewPlan(when)
  const applied = await applyPlan(planner, when, preview.fingerprint, when)
  expect(applied).toMatchObject({ ok: true })
  return preview
}

const order = async (id: string) => (await getOrder(id, TODAY))!
const plannedUnitsOf = async (orderId: string) => (await jobRows(orderId)).filter((r) => r.status === 'planned').reduce((s, r) => s + r.units, 0)

describe('recording actual output', () => {
  test('output that covers the order early removes/shrinks its later planned jobs (latest first), deducts filament FIFO, advances the printer, all in one transaction with audit rows', async () => {
    const { printer, spoolIds, product } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 11 })
    // A hand-placed 1-unit plate first; the plan then covers the other 10 units: 4 + 4 + 2.
    const manual = await createManualJob(planner, a.id, { printerId: printer.id, start: at(0), units: 1, locked: true })
    expect(manual).toMatchObject({ ok: true })
    const m = (manual as Extract<typeof manual, { ok: true }>).job
    await plan()
    const [, j1, j2, j3] = await jobRows(a.id)
    expect([j1, j2, j3].map((j) => j.units)).toEqual([4, 4, 2])

    await startAt(m.id, at(0), operator)
    const printing = (await getJob(m.id))!
    const r = await finishJob(operator, m.id, printing.version, finishWith({ goodUnits: 4, scrapUnits: 0, grams: '45.0' }), at(0.75))
    expect(r).toMatchObject({ ok: true, notice: { removed: 1, shrunk: 1, surplus: 0 } })

    // The plate gave 4 good units instead of 1: 3 units of the plan are no longer needed — the last job (2) goes, the one
    // before shrinks from 4 to 3 (times kept), the first is untouched.
    const rows = await jobRows(a.id)
    expect(rows.map((x) => x.id)).toEqual([m.id, j1.id, j2.id])
    expect(rows[0]).toMatchObject({ status: 'done', goodUnits: 4, scrapUnits: 0, gramsUsed: '45.0', actualStart: at(0), actualEnd: at(0.75), endsAt: at(0.75), finishedByName: 'operator' })
    expect(rows[1]).toEqual(j1)
    expect(rows[2]).toMatchObject({ units: 3, startsAt: j2.startsAt, endsAt: j2.endsAt, version: j2.version + 1 })

    expect(await order(a.id)).toMatchObject({ producedGood: 4, remaining: 7, status: 'in_progress', hasStartedJobs: true })

    // FIFO: the older 30 g spool is emptied first, the rest comes from the 1000 g spool.
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '0.0', status: 'empty' })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '985.0', status: 'active' })
    const consumed = (await usageRows()).filter((u) => u.kind === 'consume')
    expect(consumed.map((u) => [u.spoolId, u.deltaGrams, u.jobId])).toEqual([
      [spoolIds[0], '-30.0', m.id],
      [spoolIds[1], '-15.0', m.id],
    ])
    expect(await printHours(printer.id)).toBe('0.8') // 45 min, one decimal

    const [finish] = await auditRows('job.finish')
    const [consume] = await auditRows('spool.consume')
    expect(finish).toMatchObject({
      entityType: 'print_job',
      entityId: m.id,
      username: 'operator',
      before: { status: 'printing' },
      after: { status: 'done', goodUnits: 4, scrapUnits: 0, gramsUsed: '45.0', removedJobIds: [j3.id], shrunkJobs: [{ id: j2.id, newUnits: 3 }], surplusDelta: 0 },
    })
    expect(consume.after).toMatchObject({ consumedMg: 45_000, jobId: m.id })
    // One transaction: every row it wrote carries the same transaction timestamp (now()).
    expect(consume.at).toEqual(finish.at)
    expect(consumed.every((u) => u.at.getTime() === finish.at.getTime())).toBe(true)

    // The next print adds its hours to the odometer.
    await runJob(j1.id, { start: at(1), end: at(2.5), input: { grams: '40.0' } })
    expect(await printHours(printer.id)).toBe('2.3')
    expect(await order(a.id)).toMatchObject({ producedGood: 8, remaining: 3 })
    expect(await plannedUnitsOf(a.id)).toBe(3)
  })

  test('the default grams are the planned grams of the job (units × grams per unit), also for 2-decimal grams per unit', async () => {
    const { spoolIds, product } = await shop(['1000.0'])
    const fine = await makeProduct(product.filamentId, { gramsPerUnit: '12.35', unitsPerPlate: 1 })
    const a = await makeOrder(product.id, { targetQuantity: 3 })
    const b = await makeOrder(fine.id, { targetQuantity: 1 })
    await plan()
    const [ja] = await jobRows(a.id)
    const [jb] = await jobRows(b.id)
    await runJob(ja.id, { end: ja.endsAt, input: { goodUnits: 3, grams: '' } })
    expect((await jobRow(ja.id)).gramsUsed).toBe('30.0')
    // 12.35 g cannot be stored with one decimal: the default rounds up to the next 0.1 g (as planned use does).
    await runJob(jb.id, { start: ja.endsAt, end: at(5), input: { goodUnits: 1, grams: '  ' } })
    expect((await jobRow(jb.id)).gramsUsed).toBe('12.4')
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '957.6', status: 'active' })
  })

  test('a chosen spool is drawn from instead of FIFO, and corrections of that job stay on it', async () => {
    const { spoolIds, product } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 4 })
    await plan()
    const [j] = await jobRows(a.id)
    await runJob(j.id, { end: j.endsAt, input: { grams: '12.5', spoolId: spoolIds[1] } })
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '30.0', status: 'active' })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '987.5', status: 'active' })
    expect(await jobRow(j.id)).toMatchObject({ spoolId: spoolIds[1], gramsUsed: '12.5' })
    // Corrections stay on that spool, both ways.
    let v = (await getJob(j.id))!.version
    expect(await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '20.0' })).toMatchObject({ ok: true })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '980.0', status: 'active' })
    v = (await getJob(j.id))!.version
    expect(await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '5.0' })).toMatchObject({ ok: true })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '995.0', status: 'active' })
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '30.0', status: 'active' })
  })

  test('over-production past the target is booked as product surplus that a later order of the same product can draw as stock', async () => {
    const { product } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 3, createdAt: at(-30) })
    const b = await makeOrder(product.id, { targetQuantity: 5, createdAt: at(-20) })
    const other = await makeOrder((await makeProduct(product.filamentId)).id, { targetQuantity: 2, createdAt: at(-10) })
    await plan()
    const [ja] = await jobRows(a.id)
    expect(ja.units).toBe(3)
    expect((await jobRows(b.id)).map((j) => j.units)).toEqual([4, 1])

    const r = await runJob(ja.id, { end: ja.endsAt, input: { goodUnits: 4, grams: '40.0' } })
    expect(r.notice).toMatchObject({ surplus: 1 })
    expect(await order(a.id)).toMatchObject({ producedGood: 4, remaining: 0, surplus: 1, status: 'completed' })
    expect((await stockMoves()).map((m) => ({ productId: m.productId, units: m.units, kind: m.kind, orderId: m.orderId, jobId: m.jobId }))).toEqual([
      { productId: product.id, units: 1, kind: 'overproduction', orderId: a.id, jobId: ja.id },
    ])
    expect(await productSurplus(product.id)).toBe(1)
    expect((await auditRows('job.finish'))[0].after).toMatchObject({ surplusDelta: 1 })

    // Refusals change nothing.
    const before = await snapshot()
    const bNow = await order(b.id)
    expect(await drawSurplus(operator, b.id, bNow.version - 1)).toEqual({ ok: false, reason: 'conflict' })
    expect(await drawSurplus(operator, a.id, (await order(a.id)).version)).toEqual({ ok: false, reason: 'nothing_to_draw' }) // covered already
    expect(await drawSurplus(operator, other.id, (await order(other.id)).version)).toEqual({ ok: false, reason: 'nothing_to_draw' }) // other product
    expect(await drawSurplus(operator, 'nope', 1)).toEqual({ ok: false, reason: 'not_found' })
    expect(await drawSurplus(operator, '00000000-0000-4000-8000-000000000000', 1)).toEqual({ ok: false, reason: 'not_found' })
    expect(await snapshot()).toEqual(before)

    const [, bLast] = await jobRows(b.id)
    expect(await drawSurplus(operator, b.id, bNow.version)).toEqual({ ok: true, units: 1 })
    expect(await order(b.id)).toMatchObject({ stockOnHand: 1, remaining: 4, version: bNow.version + 1 })
    const moves = await stockMoves(product.id)
    expect(moves.map((m) => [m.kind, m.units, m.orderId])).toEqual([
      ['overproduction', 1, a.id],
      ['draw', -1, b.id],
    ])
    expect(await productSurplus(product.id)).toBe(0)
    const [drawAudit] = await auditRows('order.draw_surplus')
    expect(drawAudit).toMatchObject({ entityType: 'order', entityId: b.id, before: { stockOnHand: 0, surplusBalance: 1 }, after: { stockOnHand: 1, drawn: 1, removedJobIds: [bLast.id] } })
    // b's plan shrank with it: its 1-unit plate is gone.
    expect((await jobRows(b.id)).map((j) => j.units)).toEqual([4])
    expect(await drawSurplus(operator, b.id, bNow.version + 1)).toEqual({ ok: false, reason: 'nothing_to_draw' })

    // A correction takes the over-production back after b drew it: the ledger goes below zero, as it happened, and the
    // correction says so (the order page shows the deficit); a later correction back up clears it.
    const jaNow = await getJob(ja.id)
    const corrected = await correctJob(operator, ja.id, jaNow!.version, { outcome: 'done', goodUnits: 3, scrapUnits: 0, grams: '40.0' })
    expect(corrected).toMatchObject({ ok: true, notice: { surplusDeficit: 1 } })
    expect(await productSurplus(product.id)).toBe(-1)
    expect((await auditRows('job.correct'))[0].after).toMatchObject({ surplusDelta: -1, surplusBalance: -1 })
    const again = await correctJob(operator, ja.id, (await getJob(ja.id))!.version, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '40.0' })
    expect(again).toMatchObject({ ok: true, notice: { surplusDeficit: 0 } })
    expect(await productSurplus(product.id)).toBe(0)
  })

  test('two orders drawing the same surplus at once never draw more than there is', async () => {
    const { product } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 1, createdAt: at(-30) })
    await plan()
    const [ja] = await jobRows(a.id)
    await runJob(ja.id, { end: ja.endsAt, input: { goodUnits: 4, grams: '40.0' } })
    expect(await productSurplus(product.id)).toBe(3)
    const b = await makeOrder(product.id, { targetQuantity: 3 })
    const c = await makeOrder(product.id, { targetQuantity: 3 })
    const results = await Promise.all([drawSurplus(operator, b.id, b.version), drawSurplus(operator, c.id, c.version)])
    expect(results).toEqual(expect.arrayContaining([{ ok: true, units: 3 }, { ok: false, reason: 'nothing_to_draw' }]))
    expect(await productSurplus(product.id)).toBe(0)
    expect((await order(b.id)).stockOnHand + (await order(c.id)).stockOnHand).toBe(3)
  })

  test('a failed print leaves a shortfall that the order shows and the next plan covers', async () => {
    const { spoolIds, product } = await shop(['1000.0'])
    const a = await makeOrder(product.id, { targetQuantity: 8 })
    await plan()
    const [j1, j2] = await jobRows(a.id)
    await runJob(j1.id, { end: at(1), input: { outcome: 'failed', goodUnits: 0, scrapUnits: 4, grams: '38.5' } })
    expect(await jobRow(j1.id)).toMatchObject({ status: 'failed', goodUnits: 0, scrapUnits: 4, gramsUsed: '38.5' })
    expect(await jobRow(j2.id)).toEqual(j2) // nothing was covered: the rest of the plan stays
    expect(await order(a.id)).toMatchObject({ producedGood: 0, remaining: 8, progressPercent: 0, status: 'in_progress' })
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '961.5', status: 'active' }) // the filament was still used

    const preview = await previewPlan(at(1))
    expect(preview.result.orders.find((o) => o.orderId === a.id)).toMatchObject({ plannedUnits: 8, unscheduledUnits: 0 })
    expect(preview.diff.added.map((j) => j.units)).toEqual([4])
    await applyPlan(planner, at(1), preview.fingerprint, at(1))
    expect(await plannedUnitsOf(a.id)).toBe(8)
  })

  test('scrap on a finished plate leaves a shortfall of exactly the scrapped units', async () => {
    const { product } = await shop(['1000.0'])
    const a = await makeOrder(product.id, { targetQuantity: 8 })
    await plan()
    const [j1] = await jobRows(a.id)
    await runJob(j1.id, { end: at(1), input: { goodUnits: 3, scrapUnits: 1, grams: '40.0' } })
    expect(await order(a.id)).toMatchObject({ producedGood: 3, remaining: 5, status: 'in_progress' })
    const preview = await previewPlan(at(1))
    expect(preview.result.orders.find((o) => o.orderId === a.id)).toMatchObject({ plannedUnits: 5 })
    await applyPlan(planner, at(1), preview.fingerprint, at(1))
    expect((await jobRows(a.id)).filter((r) => r.status === 'planned').map((r) => r.units)).toEqual([4, 1])
  })
})

describe('correcting a recorded actual', () => {
  test('less filament goes back to the spools it came from, more is drawn, and correcting back restores the exact spool figures', async () => {
    const { spoolIds, product } = await shop()
    const { spoolIds: red } = await makeFilament('PLA', 'Red', ['500.0'])
    const a = await makeOrder(product.id, { targetQuantity: 4 })
    await plan()
    const [j] = await jobRows(a.id)
    await runJob(j.id, { end: at(1), input: { grams: '45.0' } })
    const afterFinish = { s1: await spoolState(spoolIds[0]), s2: await spoolState(spoolIds[1]) }
    expect(afterFinish).toEqual({ s1: { remaining: '0.0', status: 'empty' }, s2: { remaining: '985.0', status: 'active' } })

    // 45 g → 20 g: 25 g back, latest-drawn spool first, never more than the job took from each.
    let v = (await getJob(j.id))!.version
    expect(await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '20.0' })).toMatchObject({ ok: true, job: { gramsUsed: '20.0' } })
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '10.0', status: 'active' })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '1000.0', status: 'active' })
    expect((await usageRows()).filter((u) => u.kind === 'correct').map((u) => [u.spoolId, u.deltaGrams, u.jobId])).toEqual([
      [spoolIds[1], '15.0', j.id],
      [spoolIds[0], '10.0', j.id],
    ])
    expect((await auditRows('job.correct'))[0]).toMatchObject({ entityId: j.id, before: { gramsUsed: '45.0' }, after: { gramsUsed: '20.0', filamentDeltaMg: -25_000 } })
    expect(await auditRows('spool.return')).toHaveLength(1)

    // 20 g → 60 g: 40 g more, drawn FIFO.
    v = (await getJob(j.id))!.version
    expect(await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '60.0' })).toMatchObject({ ok: true })
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '0.0', status: 'empty' })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '970.0', status: 'active' })

    // Back to 45 g: exactly the figures after the original finish.
    v = (await getJob(j.id))!.version
    expect(await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '45.0' })).toMatchObject({ ok: true })
    expect({ s1: await spoolState(spoolIds[0]), s2: await spoolState(spoolIds[1]) }).toEqual(afterFinish)
    // The net of the job's usage rows is the grams recorded; another colour was never touched.
    const net = (await usageRows()).filter((u) => u.jobId === j.id).reduce((s, u) => s + Math.round(Number(u.deltaGrams) * 10), 0)
    expect(net).toBe(-450)
    expect(await spoolState(red[0])).toEqual({ remaining: '500.0', status: 'active' })
    expect(await usageRows(red[0])).toEqual([])
  })

  test('fewer good units lower the order output and move the surplus back; correcting back restores output, ledger and spools', async () => {
    const { spoolIds, product } = await shop(['1000.0'])
    const a = await makeOrder(product.id, { targetQuantity: 3 })
    await plan()
    const [j] = await jobRows(a.id)
    await runJob(j.id, { end: at(1), input: { goodUnits: 4, grams: '40.0' } })
    const figures = async () => ({
      produced: (await order(a.id)).producedGood,
      status: (await order(a.id)).status,
      surplus: await productSurplus(product.id),
      spool: await spoolState(spoolIds[0]),
    })
    const original = await figures()
    expect(original).toEqual({ produced: 4, status: 'completed', surplus: 1, spool: { remaining: '960.0', status: 'active' } })

    let v = (await getJob(j.id))!.version
    const down = await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 2, scrapUnits: 2, grams: '40.0' })
    expect(down).toMatchObject({ ok: true, job: { goodUnits: 2, scrapUnits: 2 } })
    expect(await figures()).toEqual({ produced: 2, status: 'in_progress', surplus: 0, spool: original.spool })
    expect(await order(a.id)).toMatchObject({ remaining: 1 })
    expect((await stockMoves(product.id)).map((m) => [m.kind, m.units, m.orderId, m.jobId])).toEqual([
      ['overproduction', 1, a.id, j.id],
      ['overproduction', -1, a.id, j.id],
    ])
    expect((await auditRows('job.correct'))[0].after).toMatchObject({ goodUnits: 2, surplusDelta: -1, filamentDeltaMg: 0 })
    // The next plan covers the shortfall.
    expect((await previewPlan(at(1))).result.orders.find((o) => o.orderId === a.id)).toMatchObject({ plannedUnits: 1 })

    v = (await getJob(j.id))!.version
    expect(await correctJob(operator, j.id, v, { outcome: 'done', goodUnits: 4, scrapUnits: 0, grams: '40.0' })).toMatchObject({ ok: true })
    expect(await figures()).toEqual(original)
    expect((await stockMoves(product.id)).map((m) => m.units)).toEqual([1, -1, 1])
  })

  test('a correction that is refused (not finished, stale version, bad figures, not enough filament) changes nothing', async () => {
    const { product } = await shop(['100.0'])
    const a = await makeOrder(product.id, { targetQuantity: 8 })
    await plan()
    const [j1, j2] = await jobRows(a.id)
    await runJob(j1.id, { end: at(1), input: { grams: '40.0' } })
    const v = (await getJob(j1.id))!.version
    const before = await snapshot()
    const input = { outcome: 'done' as const, goodUnits: 4, scrapUnits: 0, grams: '40.0' }
    expect(await correctJob(operator, j2.id, j2.version, input)).toEqual({ ok: false, problem: { code: 'not_finished' } })
    expect(await correctJob(operator, j1.id, v - 1, input)).toMatchObject({ ok: false, problem: { code: 'conflict', current: { id: j1.id, version: v } } })
    expect(await correctJob(operator, j1.id, v, { ...input, goodUnits: 4, scrapUnits: 1 })).toEqual({ ok: false, problem: { code: 'output_above_plate', max: 4 } })
    expect(await correctJob(operator, j1.id, v, { ...input, grams: '-1' })).toEqual({ ok: false, problem: { code: 'invalid_grams' } })
    expect(await correctJob(operator, j1.id, v, { ...input, grams: '500.0' })).toMatchObject({ ok: false, problem: { code: 'not_enough_filament' } })
    expect(await correctJob(operator, '00000000-0000-4000-8000-000000000000', 1, input)).toEqual({ ok: false, problem: { code: 'not_found' } })
    expect(await snapshot()).toEqual(before)
  })
})

describe('two operators finishing the same job at once', () => {
  test('one wins, the other is told of the conflict; filament and good units are counted once', async () => {
    const { printer, spoolIds, product } = await shop(['1000.0'])
    const a = await makeOrder(product.id, { targetQuantity: 12 })
    await plan()
    const jobs = await jobRows(a.id)
    // Three rounds, so a real race on PostgreSQL gets more than one chance to go wrong.
    for (const [i, j] of jobs.entries()) {
      const printing = await startAt(j.id, at(i))
      const results = await Promise.all([
        finishJob(actor(null, 'op-1'), j.id, printing.version, finishWith({ grams: '40.0' }), at(i + 1)),
        finishJob(actor(null, 'op-2'), j.id, printing.version, finishWith({ grams: '40.0' }), at(i + 1)),
      ])
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, problem: { code: 'conflict', current: { id: j.id, status: 'done' } } })
      expect((await usageRows()).filter((u) => u.jobId === j.id && u.kind === 'consume')).toHaveLength(1)
    }
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '880.0', status: 'active' })
    expect(await order(a.id)).toMatchObject({ producedGood: 12, remaining: 0, status: 'completed' })
    expect(await auditRows('job.finish')).toHaveLength(3)
    expect(await auditRows('spool.consume')).toHaveLength(3)
    expect(await printHours(printer.id)).toBe('3.0')
    expect(await stockMoves()).toEqual([])
  })
})

describe('feeds for the other modules', () => {
  test('orders, inventory, printers and products read the recorded jobs', async () => {
    const { printer, product } = await shop(['1000.0'])
    await db.update(products).set({ wastePct: '5.0' }).where(eq(products.id, product.id))
    const a = await makeOrder(product.id, { targetQuantity: 16, createdAt: at(-30) })
    const idle = await makeOrder(product.id, { targetQuantity: 4, createdAt: at(-20) })
    await plan()
    const [j1, j2, j3, j4] = await jobRows(a.id)
    await runJob(j1.id, { end: at(1), input: { goodUnits: 4, scrapUnits: 0, grams: '41.5' } })
    await runJob(j2.id, { start: at(1), end: at(2), input: { outcome: 'failed', goodUnits: 1, scrapUnits: 3, grams: '20.0' } })
    await startAt(j3.id, at(2))

    // orders: good units of done + failed jobs, and "a job has started".
    const produced = await producedByOrder([a.id, idle.id])
    expect(produced.get(a.id)).toEqual({ producedGood: 5, hasStartedJobs: true })
    expect(produced.get(idle.id)).toEqual({ producedGood: 0, hasStartedJobs: false })
    expect((await recordedOutput([a.id])).get(a.id)).toEqual({ producedGood: 5, hasStartedJobs: true, heldUnits: 4 })
    expect(await order(a.id)).toMatchObject({ producedGood: 5, remaining: 11, status: 'in_progress' })

    // inventory: planned (not started) jobs with units × grams per unit + waste.
    const [idleJob] = await jobRows(idle.id)
    const outlook = await plannedFilamentUse()
    expect(outlook.map((o) => o.id).sort()).toEqual([j4.id, idleJob.id].sort())
    expect(outlook.find((o) => o.id === j4.id)).toEqual({
      id: j4.id,
      ref: a.reference,
      orderId: a.id,
      filamentId: product.filamentId,
      material: 'PLA',
      colour: 'Black',
      plannedStart: j4.startsAt,
      plannedUseMg: 42_000, // 4 × 10 g × 1.05
    })
    expect(await plannedFilamentUse({ lockedOnly: true })).toEqual([])

    // printers: jobs that ran (done, failed, printing) within the period; planned ones are not utilisation.
    const ran = await printerJobsForUtilisation([printer.id], at(-1), at(24))
    expect(ran.sort((x, y) => x.actualStart!.getTime() - y.actualStart!.getTime())).toEqual([
      { id: j1.id, printerId: printer.id, status: 'done', actualStart: at(0), actualEnd: at(1), goodUnits: 4, scrapUnits: 0 },
      { id: j2.id, printerId: printer.id, status: 'failed', actualStart: at(1), actualEnd: at(2), goodUnits: 1, scrapUnits: 3 },
      { id: j3.id, printerId: printer.id, status: 'printing', actualStart: at(2), actualEnd: null, goodUnits: 0, scrapUnits: 0 },
    ])
    expect(await printerJobsForUtilisation([printer.id], at(5), at(24))).toHaveLength(1) // only the print still running
    expect(await printerJobsForUtilisation([], at(-1), at(24))).toEqual([])

    // products: actuals of done jobs (grams-per-unit suggestion) and finished jobs newest first.
    expect(await productJobActuals(product.id)).toEqual([{ goodUnits: 4, scrapUnits: 0, gramsUsedMg: 41_500 }])
    expect(await finishedJobRefs(10)).toEqual([
      { productId: product.id, finishedAt: at(2) },
      { productId: product.id, finishedAt: at(1) },
    ])
    expect(await finishedJobRefs(1)).toHaveLength(1)
  })
})
