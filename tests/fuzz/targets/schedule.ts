/** Fuzz targets of the scheduling pages (POST rows of tests/support/authz/schedule.ts, the surplus row included). */
import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { printJobs, productStockMoves } from '~db/schema'
import { previewPlan } from '~/models/scheduling/plan.server'
import * as surplusPage from '~/routes/orders.$orderId_.surplus'
import * as dragRoute from '~/routes/schedule.drag.$jobId'
import * as jobPage from '~/routes/schedule.jobs.$jobId'
import * as newJob from '~/routes/schedule.jobs.new'
import * as planPage from '~/routes/schedule.plan'
import { allDay, at, insertJob, makeFilament, makeOrder, makePrinter, makeProduct } from '../../support/scheduling-fixtures'
import type { Ctx, Sent, Target } from '../support/harness'
import { lastAudit, rowOf, trimmed, versionOf } from '../support/records'
import { resetData } from '../support/fingerprint'
import { localDateTime, ref } from '../support/values'

type JobStatus = 'planned' | 'printing' | 'done'

/** A printer (24/7, PLA), a PLA filament with a spool, a product, an order of 8 and — unless `job` is null — one job. */
async function shop(job: { status: JobStatus; locked?: boolean } | null = { status: 'planned' }): Promise<Ctx> {
  const printer = await makePrinter({ calendar: allDay })
  const spare = await makePrinter({ calendar: allDay })
  const { filament, spoolIds } = await makeFilament('PLA', 'Black', ['1000.0'])
  const product = await makeProduct(filament.id)
  const order = await makeOrder(product.id)
  const ctx: Ctx = { printerId: printer.id, spareId: spare.id, spoolId: spoolIds[0], productId: product.id, orderId: order.id, order: order.id }
  if (job) {
    const row = await insertJob({ orderId: order.id, product, printerId: printer.id, startsAt: at(1), endsAt: at(2), filament, status: job.status, locked: job.locked })
    ctx.job = row.id
  }
  return ctx
}

async function jobState(sent: Sent) {
  const [j] = await db.select().from(printJobs).where(eq(printJobs.id, sent.ctx.job))
  return j
}

const jobIntent = (intent: string, status: JobStatus, locked = false, check?: (sent: Sent) => Promise<void>): Target => ({
  row: rowOf('schedule.jobs.$jobId', intent),
  mod: jobPage,
  plausible: output,
  fixture: () => shop({ status, locked }),
  context: async (f) => ({ ...f, version: await versionOf('print_jobs', f.job) }),
  // Every accepted intent moves the job on (started, finished, locked …): the next input gets a fresh one.
  renew: true,
  readBack: check,
})

const previews = new WeakMap<Ctx, Ctx>()
/** Output of one plate (4 units): mostly within it. */
const plateUnits = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 3 }).map(String) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }).map(String) })
const output = { goodUnits: plateUnits, scrapUnits: plateUnits }

export const scheduleTargets: Target[] = [
  {
    row: rowOf('schedule.plan', 'apply'),
    mod: planPage,
    // A plan covers every open order of the shop: each fixture starts from an empty one.
    fixture: async () => {
      await resetData()
      return shop(null)
    },
    // The preview the page would show (the form's hidden fields), made once per fixture: nothing else changes the plan.
    context: async (f) => {
      if (!previews.has(f)) {
        const now = new Date()
        previews.set(f, { fingerprint: (await previewPlan(now)).fingerprint, previewAt: String(now.getTime()) })
      }
      return { ...f, ...previews.get(f) }
    },
    plausible: {
      fingerprint: fc.oneof({ weight: 5, arbitrary: fc.constant(ref('fingerprint')) }, { weight: 1, arbitrary: fc.constantFrom('v1-0000000000000000', 'v1-ffffffffffffffff') }),
      previewAt: fc.oneof(
        { weight: 5, arbitrary: fc.constant(ref('previewAt')) },
        { weight: 1, arbitrary: fc.constantFrom('1', String(Date.UTC(2020, 0, 1)), String(Date.UTC(2040, 0, 1)), '9007199254740993') },
      ),
    },
    renew: true,
  },
  {
    row: rowOf('schedule.jobs.new'),
    mod: newJob,
    fixture: () => shop(null),
    // Mostly no end (one plate's time from the start), and a plate's units or 0 (a full plate).
    plausible: { end: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: localDateTime }), units: plateUnits },
    context: async (f) => f,
    readBack: async (sent) => {
      const a = await lastAudit('job.create')
      const [j] = await db.select().from(printJobs).where(eq(printJobs.id, a.entityId!))
      expect(j.orderId).toBe(trimmed(sent.get('orderId')))
      expect(j.printerId).toBe(sent.get('printerId'))
      expect(j.status).toBe('planned')
      expect(j.source).toBe('manual')
      expect(j.locked).toBe(sent.get('locked') === 'on')
      // datetime-local in the shop's zone (Asia/Seoul, UTC+9 all year).
      const start = trimmed(sent.get('start'))
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start)) expect(j.startsAt.getTime()).toBe(Date.parse(`${start}:00+09:00`))
      const units = Number(trimmed(sent.get('units')) || '0')
      if (units > 0) expect(j.units).toBe(units)
    },
  },
  jobIntent('start', 'planned', false, async (sent) => expect((await jobState(sent)).status).toBe('printing')),
  jobIntent('finish', 'printing', false, async (sent) => {
    const j = await jobState(sent)
    expect(j.status).toBe(trimmed(sent.get('outcome')) || 'done')
    expect(j.goodUnits).toBe(Number(trimmed(sent.get('goodUnits')) || '0') + 0)
    expect(j.scrapUnits).toBe(Number(trimmed(sent.get('scrapUnits')) || '0') + 0)
  }),
  jobIntent('correct', 'done'),
  jobIntent('lock', 'planned', false, async (sent) => expect((await jobState(sent)).locked).toBe(true)),
  jobIntent('unlock', 'planned', true, async (sent) => expect((await jobState(sent)).locked).toBe(false)),
  jobIntent('cancel', 'planned', false, async (sent) => expect((await jobState(sent)).status).toBe('cancelled')),
  {
    ...jobIntent('move', 'planned', false, async (sent) => {
      const j = await jobState(sent)
      expect(j.printerId).toBe(sent.get('printerId'))
      expect(j.locked).toBe(true)
    }),
    plausible: { printerId: fc.constantFrom(ref('printerId'), ref('spareId')) },
  },
  {
    // The board's drop: the job page's move action behind a JSON answer (a missing version means "the current one").
    ...jobIntent('move', 'planned', false, async (sent) => {
      const j = await jobState(sent)
      expect(j.printerId).toBe(sent.get('printerId'))
      expect(j.locked).toBe(true)
    }),
    row: rowOf('schedule.drag.$jobId', 'move'),
    mod: dragRoute,
    extraFields: ['version', 'printerId', 'start'],
    plausible: { printerId: fc.constantFrom(ref('printerId'), ref('spareId')) },
  },
  {
    row: rowOf('orders.$orderId_.surplus'),
    mod: surplusPage,
    extraFields: ['version'],
    // An order whose product has 5 units of over-production to draw.
    fixture: async () => {
      const f = await shop()
      await db.insert(productStockMoves).values({ productId: f.productId, units: 5, kind: 'overproduction' })
      return f
    },
    context: async (f) => ({ ...f, version: await versionOf('orders', f.order) }),
    renew: true,
  },
]
