/**
 * `npm run bench -- orders [orders=10000]`: the order board with 10,000 orders (200 products) in an in-memory PGlite —
 * the loader for the first page (default sort: due date), filtered by status and by text, the CSV export of every order,
 * and the board's server render (react-dom/server renderToString of the route component inside a static data router) —
 * each beside a trivial loader (session check + one value, bench/trivial-route.ts) measured in the same run.
 */
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { migrateDb, openDb, setDbHandle, db } from '../db/client.server'
import { orders, products } from '../db/schema'
import * as board from '../app/routes/orders._index'
import * as exportCsv from '../app/routes/orders.export[.csv]'
import { makeRequest, makeUser, sessionFor } from '../tests/support/app'
import { medianMs, metric, type Metric } from './lib'
import { trivialRoute } from './trivial-route'
import { createRng as rng } from '../tests/fixtures/rng'


async function seed(count: number) {
  const rand = rng(42)
  const productRows = Array.from({ length: 200 }, (_, i) => ({
    name: `Bench product ${i}`,
    gramsPerUnit: (5 + Math.floor(rand() * 5000) / 100).toFixed(2),
    printMinutesPerPlate: 30 + Math.floor(rand() * 300),
    unitsPerPlate: 1 + Math.floor(rand() * 12),
  }))
  const ids = (await db.insert(products).values(productRows).returning({ id: products.id })).map((r) => r.id)
  const day0 = Date.UTC(2026, 10, 1)
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
      const i = start + k
      const target = 10 + Math.floor(rand() * 500)
      return {
        reference: `PO-${String(i).padStart(6, '0')}`,
        customer: `Customer ${Math.floor(rand() * 300)}`,
        productId: ids[Math.floor(rand() * ids.length)],
        targetQuantity: target,
        stockOnHand: rand() < 0.1 ? target : Math.floor(rand() * target * 0.3),
        dueDate: rand() < 0.9 ? new Date(day0 + Math.floor(rand() * 120) * 86_400_000).toISOString().slice(0, 10) : null,
        priority: Math.floor(rand() * 4),
        cancelledAt: rand() < 0.05 ? new Date(day0) : null,
      }
    })
    await db.insert(orders).values(rows)
  }
}

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>

export default async function run(args: string[]): Promise<Metric[]> {
  // Cold figures: the page read-model cache off (READ_CACHE=0), so every repeat reads and computes (issue 20 item 5).
  process.env.READ_CACHE = '0'
  const count = Number(args.find((a) => a.startsWith('orders='))?.split('=')[1] ?? 10_000)
  process.env.SHOP_TIME_ZONE ??= 'Asia/Seoul'
  const handle = openDb({ dataDir: 'memory://' })
  setDbHandle(handle)
  await migrateDb(handle)
  const seedStart = performance.now()
  await seed(count)
  const seedMs = performance.now() - seedStart
  const user = await makeUser('planner')
  const cookie = await sessionFor(user.id)
  const call = (mod: { loader: Handler }, path: string) => mod.loader({ request: makeRequest(path, { cookie }), params: {}, context: {} })

  const baseline = await medianMs(() => call(trivialRoute as { loader: Handler }, '/'), 21, 3)
  const firstPage = await medianMs(() => call(board as { loader: Handler }, '/orders'), 11, 2)
  const byStatus = await medianMs(() => call(board as { loader: Handler }, '/orders?status=completed&sort=remaining'), 11, 2)
  const byText = await medianMs(() => call(board as { loader: Handler }, '/orders?q=Customer%2017'), 11, 2)
  const csv = await medianMs(() => call(exportCsv as { loader: Handler }, '/orders/export.csv'), 3, 1)

  // Render: the real route component in a static data router (root route gives the locale, like app/root.tsx).
  const routes = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale: 'ko', toast: null, user: null }),
      children: [{ id: 'routes/orders._index', path: 'orders', loader: ({ request }: { request: Request }) => board.loader({ request, params: {}, context: {} }), Component: board.default }],
    },
  ]
  const handler = createStaticHandler(routes)
  const render = async () => {
    const context = await handler.query(makeRequest('/orders', { cookie }))
    if (context instanceof Response) throw new Error(`render: got a ${context.status} response`)
    const router = createStaticRouter(handler.dataRoutes, context)
    return renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }))
  }
  const html = await render()
  if (!html.includes('PO-')) throw new Error('render: the board has no rows')
  const renderMs = await medianMs(render, 11, 2)

  await handle.close()
  return [
    metric(`seed ${count} orders (200 products)`, seedMs, 'ms'),
    metric('baseline: trivial loader (session check + one value)', baseline, 'ms'),
    metric(`board loader, first page of ${count}`, firstPage, 'ms'),
    metric('  ratio to baseline', firstPage / baseline, 'ratio'),
    metric('board loader, status=completed sort=remaining', byStatus, 'ms'),
    metric('board loader, text search', byText, 'ms'),
    metric(`board loader + renderToString, first page`, renderMs, 'ms', '<= 500'),
    metric('  ratio to baseline', renderMs / baseline, 'ratio'),
    metric(`CSV export of all ${count} orders`, csv, 'ms'),
    metric('rendered board HTML', html.length / 1024, 'KiB'),
  ]
}
