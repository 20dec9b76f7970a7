/**
 * The bench view of a printer (/printers/:id): the loader shows what prints now, what is next and the spool to load;
 * its start / record output / fail forms change the job, the order's progress and the spool in one transaction, each
 * with its audit rows, and only for roles that record production.
 */
import { beforeEach, describe, expect, test } from 'vitest'
import * as detail from '~/routes/printers.$printerId/route'
import * as fleet from '~/routes/printers._index'
import { recordedOutput } from '~/models/scheduling/job-queries.server'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { auditRows, insertJob, jobRow, makeFilament, makeOrder, makePrinter, makeProduct, resetScheduling, snapshot, spoolState } from '../support/scheduling-fixtures'

beforeEach(resetScheduling)

const MIN = 60_000
/** The bench reads the real clock: jobs here sit around the moment the test runs. */
const fromNow = (minutes: number) => new Date(Date.now() + minutes * MIN)

async function signedIn(role: 'viewer' | 'operator' | 'planner' | 'admin' = 'operator') {
  const user = await makeUser(role)
  return { user, cookie: await sessionFor(user.id) }
}

/** A printer with a PLA Black filament (spools L1 1000 g received first, L2 1000 g), a product (4 a plate, 10 g each) and an order of 8. */
async function shop() {
  const printer = await makePrinter()
  const { filament, spoolIds } = await makeFilament('PLA', 'Black', ['1000.0', '1000.0'])
  const product = await makeProduct(filament.id)
  const order = await makeOrder(product.id, { targetQuantity: 8 })
  return { printer, filament, spoolIds, product, order }
}

type Shop = Awaited<ReturnType<typeof shop>>
const printingJob = (s: Shop) => insertJob({ orderId: s.order.id, product: s.product, printerId: s.printer.id, filament: s.filament, status: 'printing', startsAt: fromNow(-30), endsAt: fromNow(30) })
const plannedJob = (s: Shop, startMin = 45) => insertJob({ orderId: s.order.id, product: s.product, printerId: s.printer.id, filament: s.filament, startsAt: fromNow(startMin), endsAt: fromNow(startMin + 60) })

const load = (cookie: string, printerId: string) => callLoader(detail, makeRequest(`/printers/${printerId}`, { cookie }), { printerId })
const post = (cookie: string, printerId: string, form: Record<string, string>) => callAction(detail, makeRequest(`/printers/${printerId}`, { cookie, form }), { printerId })

type Bench = { current: { id: string; orderReference: string; units: number; progress: { elapsedPct: number; overdue: boolean } } | null; next: { id: string } | null; load: { for: string; spool: { id: string } | null; neededMg: number } | null }
const benchOf = (res: { data: unknown }) => (res.data as { bench: Bench }).bench
const errorsOf = (res: { data: unknown }) => (res.data as { result: { error: Record<string, string[]> } }).result.error

describe('the bench view', () => {
  test('shows the printing job with its progress, the next job and the FIFO spool to load', async () => {
    const s = await shop()
    const now = await printingJob(s)
    const next = await plannedJob(s)
    const { cookie } = await signedIn('viewer')
    const res = await load(cookie, s.printer.id)
    expect(res.status).toBe(200)
    const bench = benchOf(res)
    expect(bench.current).toMatchObject({ id: now.id, orderReference: s.order.reference, units: 4, progress: { overdue: false } })
    expect(bench.current!.progress.elapsedPct).toBeGreaterThanOrEqual(49)
    expect(bench.current!.progress.elapsedPct).toBeLessThanOrEqual(51)
    expect(bench.next?.id).toBe(next.id)
    // L1 was received first: it is the one to load; the job needs 4 × 10 g.
    expect(bench.load).toMatchObject({ for: 'current', spool: { id: s.spoolIds[0] }, neededMg: 40_000 })
  })

  test('the spool to load is pooled by material + colour as written in any case or width, and only from that pool', async () => {
    const printer = await makePrinter()
    const { filament } = await makeFilament('PLA', 'Black', [])
    const product = await makeProduct(filament.id)
    const order = await makeOrder(product.id, { targetQuantity: 8 })
    const other = await makeFilament('ＰＬＡ', ' black ', ['500.0'])
    await makeFilament('PETG', 'Black', ['900.0'])
    await insertJob({ orderId: order.id, product, printerId: printer.id, filament, status: 'printing', startsAt: fromNow(-30), endsAt: fromNow(30) })
    const { cookie } = await signedIn('viewer')
    expect(benchOf(await load(cookie, printer.id)).load).toMatchObject({ for: 'current', spool: { id: other.spoolIds[0] } })
  })

  test('with nothing printing the next job and its spool are shown, and the fleet list names the jobs', async () => {
    const s = await shop()
    const next = await plannedJob(s)
    const { cookie } = await signedIn('viewer')
    const bench = benchOf(await load(cookie, s.printer.id))
    expect(bench.current).toBeNull()
    expect(bench.next?.id).toBe(next.id)
    expect(bench.load).toMatchObject({ for: 'next', spool: { id: s.spoolIds[0] } })
    const list = (await callLoader(fleet, makeRequest('/printers', { cookie }))).data as { rows: Array<{ printer: { id: string }; job: { kind: string; reference: string } | null }> }
    expect(list.rows.find((r) => r.printer.id === s.printer.id)?.job).toMatchObject({ kind: 'next', reference: s.order.reference })
    await printingJob(s)
    const again = (await callLoader(fleet, makeRequest('/printers', { cookie }))).data as typeof list
    expect(again.rows.find((r) => r.printer.id === s.printer.id)?.job).toMatchObject({ kind: 'printing', reference: s.order.reference })
  })
})

describe('bench actions', () => {
  test('Start starts the next job now and comes back to the printer page, audited', async () => {
    const s = await shop()
    const next = await plannedJob(s, 5)
    const { cookie } = await signedIn('operator')
    const res = await post(cookie, s.printer.id, { intent: 'job-start', jobId: next.id, version: String(next.version) })
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(res.location).toBe(`/printers/${s.printer.id}`)
    expect(await jobRow(next.id)).toMatchObject({ status: 'printing' })
    expect((await auditRows('job.start')).map((a) => a.entityId)).toEqual([next.id])
  })

  test('Record output with the form’s defaults finishes the job, counts for the order and draws the FIFO spool', async () => {
    const s = await shop()
    const job = await printingJob(s)
    const { cookie } = await signedIn('operator')
    const res = await post(cookie, s.printer.id, { intent: 'job-finish', jobId: job.id, version: String(job.version), goodUnits: '4', scrapUnits: '0', grams: '', spoolId: '' })
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(res.location).toBe(`/printers/${s.printer.id}`)
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', goodUnits: 4, scrapUnits: 0, gramsUsed: '40.0' })
    expect((await recordedOutput([s.order.id])).get(s.order.id)?.producedGood).toBe(4)
    expect(await spoolState(s.spoolIds[0])).toEqual({ remaining: '960.0', status: 'active' })
    expect(await spoolState(s.spoolIds[1])).toEqual({ remaining: '1000.0', status: 'active' })
    expect((await auditRows('job.finish')).map((a) => a.entityId)).toEqual([job.id])
    expect(await auditRows('spool.consume')).toHaveLength(1)
  })

  test('Problem records a failed print: the plate as failed units and the filament from the chosen spool', async () => {
    const s = await shop()
    const job = await printingJob(s)
    const { cookie } = await signedIn('operator')
    const res = await post(cookie, s.printer.id, { intent: 'job-fail', jobId: job.id, version: String(job.version), goodUnits: '0', scrapUnits: '4', grams: '15', spoolId: s.spoolIds[1], note: 'spaghetti' })
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(await jobRow(job.id)).toMatchObject({ status: 'failed', goodUnits: 0, scrapUnits: 4, gramsUsed: '15.0', note: 'spaghetti' })
    expect((await recordedOutput([s.order.id])).get(s.order.id)?.producedGood).toBe(0)
    expect(await spoolState(s.spoolIds[1])).toEqual({ remaining: '985.0', status: 'active' })
    expect(await spoolState(s.spoolIds[0])).toEqual({ remaining: '1000.0', status: 'active' })
  })

  test('a refused output changes nothing at all (one transaction): too much filament, too many units, a stale version', async () => {
    const s = await shop()
    const job = await printingJob(s)
    const { cookie } = await signedIn('operator')
    const before = await snapshot()
    const form = { intent: 'job-finish', jobId: job.id, version: String(job.version), goodUnits: '4', scrapUnits: '0', grams: '', spoolId: '' }
    const short = await post(cookie, s.printer.id, { ...form, grams: '2500' })
    expect(short.status).toBe(400)
    expect(errorsOf(short).grams?.[0]).toMatch(/\d/)
    const tooMany = await post(cookie, s.printer.id, { ...form, goodUnits: '4', scrapUnits: '1' })
    expect(tooMany.status).toBe(400)
    expect(errorsOf(tooMany).goodUnits).toHaveLength(1)
    const stale = await post(cookie, s.printer.id, { ...form, version: String(job.version + 1) })
    expect(stale.status).toBe(409)
    expect(errorsOf(stale)['']).toHaveLength(1)
    expect(await snapshot()).toEqual(before)
  })

  test('a job of another printer cannot be acted on from this printer’s page', async () => {
    const s = await shop()
    const job = await printingJob(s)
    const other = await makePrinter()
    const { cookie } = await signedIn('operator')
    const before = await snapshot()
    const res = await post(cookie, other.id, { intent: 'job-finish', jobId: job.id, version: String(job.version), goodUnits: '4', scrapUnits: '0' })
    expect(res.status).toBe(404)
    expect(await snapshot()).toEqual(before)
  })

  test('only roles that record production may use the bench: a viewer gets 403 and nothing changes', async () => {
    const s = await shop()
    const job = await printingJob(s)
    const next = await plannedJob(s)
    const { cookie } = await signedIn('viewer')
    const before = await snapshot()
    const forms: Array<Record<string, string>> = [
      { intent: 'job-start', jobId: next.id, version: String(next.version) },
      { intent: 'job-finish', jobId: job.id, version: String(job.version), goodUnits: '4', scrapUnits: '0' },
      { intent: 'job-fail', jobId: job.id, version: String(job.version), goodUnits: '0', scrapUnits: '4' },
    ]
    for (const form of forms) {
      expect((await post(cookie, s.printer.id, form)).status, form.intent).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
    // The page itself tells the UI not to offer the forms.
    expect(((await load(cookie, s.printer.id)).data as { canRecord: boolean }).canRecord).toBe(false)
  })
})
