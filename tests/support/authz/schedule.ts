import { db } from '~db/client.server'
import { printJobs, printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { anyUser, operatorUp, plannerUp, type MatrixRow } from './common'
import { makeOrder, makeProduct } from './orders'

let seq = 0

/** A planned print job (with its printer, product and order) straight in the database. */
async function jobFixture(): Promise<Record<string, string>> {
  const [printer] = await db
    .insert(printers)
    .values({ assetId: `AUTHZ-J-${process.pid}-${++seq}`, name: 'Matrix printer', calendar: calendarPreset('always') })
    .returning({ id: printers.id })
  const product = await makeProduct()
  const order = await makeOrder({ productId: product.id })
  const start = new Date(Date.UTC(2030, 0, 1, 0, seq * 10))
  const [job] = await db
    .insert(printJobs)
    .values({
      orderId: order.id,
      productId: product.id,
      printerId: printer.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 5 * 60_000),
      units: 1,
      unitsPerPlate: product.unitsPerPlate,
      minutesPerPlate: product.printMinutesPerPlate,
      gramsPerUnit: product.gramsPerUnit,
    })
    .returning({ id: printJobs.id })
  return { job: job.id, order: order.id }
}

const onJob = { path: '/schedule/jobs/:job', params: { jobId: ':job' }, fixture: jobFixture }

/** Authorization matrix rows of the scheduling module. Operators start and finish jobs; planners plan. */
export const scheduleRows: MatrixRow[] = [
  // schedule._index GET is in the foundation's rows.
  { route: 'schedule.plan', method: 'GET', path: '/schedule/plan', expect: plannerUp },
  { route: 'schedule.plan', method: 'POST', intent: 'apply', path: '/schedule/plan', expect: plannerUp },
  { route: 'schedule.jobs.new', method: 'GET', path: '/schedule/jobs/new', expect: plannerUp },
  { route: 'schedule.jobs.new', method: 'POST', path: '/schedule/jobs/new', expect: plannerUp },
  { route: 'schedule.jobs.$jobId', method: 'GET', ...onJob, expect: anyUser },
  ...['start', 'finish', 'correct'].map((intent): MatrixRow => ({ route: 'schedule.jobs.$jobId', method: 'POST', intent, ...onJob, expect: operatorUp })),
  ...['lock', 'unlock', 'cancel', 'move'].map((intent): MatrixRow => ({ route: 'schedule.jobs.$jobId', method: 'POST', intent, ...onJob, expect: plannerUp })),
  // The board's drag (the job page's move action, answered as JSON) and its live check.
  { route: 'schedule.drag.$jobId', method: 'POST', intent: 'move', path: '/schedule/drag/:job', params: { jobId: ':job' }, fixture: jobFixture, expect: plannerUp },
  { route: 'schedule.live', method: 'GET', path: '/schedule/live', expect: anyUser },
  {
    route: 'orders.$orderId_.surplus',
    method: 'POST',
    path: '/orders/:order/surplus',
    params: { orderId: ':order' },
    fixture: jobFixture,
    expect: plannerUp,
  },
]
