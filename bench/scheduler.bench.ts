/**
 * `npm run bench -- scheduler`: auto-scheduler plan time for 100 / 1,000 / 10,000 open orders on 5 / 50 / 200 printers over
 * 90 days (deterministic synthetic shops, bench/scheduler-data.ts). Target: ≤ 1 s for 1,000 orders × 50 printers, and
 * near-linear growth — the growth ratios compare 10× the orders on the same fleet (linear = 10).
 *
 * Then the same size through the database (in-memory PGlite): the plan preview end to end (load orders, output, printers,
 * calendars, jobs + schedule + diff), Apply, and the Gantt page for 50 printers × 7 days (loader + renderToString of the
 * route component), each beside a trivial loader (bench/trivial-route.ts) measured in the same run.
 */
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { db, migrateDb, openDb, setDbHandle } from '../db/client.server'
import { filaments, orders, printers, products } from '../db/schema'
import { autoSchedule } from '../app/domain/scheduling'
import { calendarPreset } from '../app/domain/printers'
import { applyPlan, previewPlan } from '~/models/scheduling/plan.server'
import * as gantt from '../app/routes/schedule._index'
import { makeRequest, makeUser, sessionFor } from '../tests/support/app'
import { createRng } from '../tests/fixtures/rng'
import { medianMs, metric, type Metric } from './lib'
import { trivialRoute } from './trivial-route'
import { makeShop } from './scheduler-data'

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>

async function throughTheDatabase(): Promise<Metric[]> {
  process.env.SHOP_TIME_ZONE ??= 'Asia/Seoul'
  const handle = openDb({ dataDir: 'memory://' })
  setDbHandle(handle)
  await migrateDb(handle)
  const rand = createRng(7)
  const materials = ['PLA', 'PETG', 'TPU']
  const fil = await db
    .insert(filaments)
    .values(materials.flatMap((m) => ['Black', 'White', 'Grey'].map((c) => ({ material: m, colourName: c, colourHex: '#333333', brand: 'Bench' }))))
    .returning({ id: filaments.id })
  await db.insert(printers).values(
    Array.from({ length: 50 }, (_, i) => ({
      assetId: `B-${String(i).padStart(3, '0')}`,
      name: `Bench printer ${i}`,
      calendar: calendarPreset(i % 3 === 0 ? 'weekdays_09_21' : 'always'),
      materials: i % 5 === 0 ? ['PLA'] : [],
      changeoverMinutes: 10,
    })),
  )
  const productIds = (
    await db
      .insert(products)
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          name: `Bench product ${i}`,
          filamentId: fil[i % fil.length].id,
          gramsPerUnit: (5 + Math.floor(rand() * 3000) / 100).toFixed(2),
          printMinutesPerPlate: 30 + Math.floor(rand() * 300),
          unitsPerPlate: 1 + Math.floor(rand() * 8),
        })),
      )
      .returning({ id: products.id })
  ).map((r) => r.id)
  await db.insert(orders).values(
    Array.from({ length: 1_000 }, (_, i) => ({
      reference: `PO-${i}`,
      productId: productIds[Math.floor(rand() * productIds.length)],
      targetQuantity: 5 + Math.floor(rand() * 60),
      priority: Math.floor(rand() * 4),
      dueDate: new Date(Date.now() + Math.floor(rand() * 60) * 86_400_000).toISOString().slice(0, 10),
    })),
  )
  const user = await makeUser('planner')
  const cookie = await sessionFor(user.id)
  const call = (mod: { loader: Handler }, path: string) => mod.loader({ request: makeRequest(path, { cookie }), params: {}, context: {} })
  const baseline = await medianMs(() => call(trivialRoute as { loader: Handler }, '/'), 21, 3)

  let jobs = 0
  const preview = await medianMs(async () => {
    jobs = (await previewPlan(new Date())).result.jobs.length
  }, 3, 1)
  const now = new Date()
  const p = await previewPlan(now)
  const t0 = performance.now()
  const applied = await applyPlan({ id: user.id, username: user.username }, now, p.fingerprint, now)
  const applyMs = performance.now() - t0
  if (!applied.ok) throw new Error('apply failed')

  const loaderMs = await medianMs(() => call(gantt as { loader: Handler }, '/schedule'), 11, 2)
  const routes = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale: 'ko', toast: null, user: null }),
      children: [{ id: 'routes/schedule._index', path: 'schedule', loader: ({ request }: { request: Request }) => gantt.loader({ request, params: {}, context: {} }), Component: gantt.default }],
    },
  ]
  const handler = createStaticHandler(routes)
  const render = async () => {
    const context = await handler.query(makeRequest('/schedule', { cookie }))
    if (context instanceof Response) throw new Error(`render: got a ${context.status} response`)
    const router = createStaticRouter(handler.dataRoutes, context)
    return renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }))
  }
  const html = await render()
  const bars = (html.match(/data-testid="gantt-job"/g) ?? []).length
  if (!bars) throw new Error('render: the Gantt has no bars')
  const renderMs = await medianMs(render, 11, 2)
  await handle.close()
  return [
    metric('db: baseline trivial loader (session check + one value)', baseline, 'ms'),
    metric('db: plan preview, 1,000 orders × 50 printers (load + plan + diff)', preview, 'ms', '<= 1000'),
    metric(`  jobs in the plan`, jobs, 'jobs'),
    metric('db: apply that plan (insert all jobs, one transaction)', applyMs, 'ms'),
    metric('db: Gantt loader, 50 printers × 7 days', loaderMs, 'ms'),
    metric(`db: Gantt loader + renderToString (${bars} bars)`, renderMs, 'ms', '<= 500'),
    metric('  ratio to baseline', renderMs / baseline, 'ratio'),
    metric('rendered Gantt HTML', html.length / 1024, 'KiB'),
  ]
}

export default async function run(): Promise<Metric[]> {
  const metrics: Metric[] = []
  const times = new Map<string, number>()
  for (const printers of [5, 50, 200]) {
    for (const orders of [100, 1_000, 10_000]) {
      const input = makeShop(42, { orders, printers, days: 90 })
      let planned = 0
      const ms = await medianMs(() => {
        planned = autoSchedule(input).jobs.length
      }, orders >= 10_000 ? 3 : 5)
      times.set(`${orders}x${printers}`, ms)
      metrics.push(metric(`plan ${orders} orders × ${printers} printers`, ms, 'ms', orders === 1_000 && printers === 50 ? '<= 1000' : null))
      metrics.push(metric(`  jobs planned (${orders}×${printers})`, planned, 'jobs'))
    }
  }
  for (const printers of [5, 50, 200]) {
    const a = times.get(`100x${printers}`)!
    const b = times.get(`1000x${printers}`)!
    const c = times.get(`10000x${printers}`)!
    metrics.push(metric(`growth 100→1,000 orders (${printers} printers)`, b / a, 'ratio'))
    metrics.push(metric(`growth 1,000→10,000 orders (${printers} printers)`, c / b, 'ratio'))
  }
  metrics.push(...(await throughTheDatabase()))
  return metrics
}
