/**
 * `npm run bench -- statistics [jobs=100000] [--postgres]`: the dashboard (home page) and the statistics page with
 * 100,000 recorded print jobs (a year of history on 50 printers), 10,000 orders (the newest 300 still open), 200
 * products, 20 filaments, a running job on most printers, three days of planned jobs and 5,000 audit rows — in an
 * in-memory PGlite (the embedded database of a default install), and with `--postgres` then again in a scratch
 * database on TEST_DATABASE_URL's server (default: the local one; dropped afterwards). Each loader is measured beside a
 * trivial route — session check and one value, what the home page's loader was before the dashboard — in the same run,
 * then with the server render of the real route component. Each loader cold (READ_CACHE=0: it reads and computes, as
 * after any write) and warm (the read-model cache answers); renders cold. Target: each loader ≤ 100 ms cold.
 */
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { db, migrateDb, openDb, setDbHandle, type DbHandle } from '../db/client.server'
import { auditLog, filaments, maintenanceIntervals, maintenanceLog, orders, printers, printJobs, products, spools } from '../db/schema'
import { calendarPreset } from '../app/domain/printers'
import { localDate } from '../app/domain/time/zoned'
import { DEFAULT_INTERVALS } from '~/domain/printers/default-intervals'
import * as dashboard from '../app/routes/_index/route'
import * as statistics from '../app/routes/statistics._index'
import { makeRequest, makeUser, sessionFor } from '../tests/support/app'
import { createRng } from '../tests/fixtures/rng'
import { medianMs, metric, type Metric } from './lib'
import { trivialRoute } from './trivial-route'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>

export interface ShopSize {
  jobs: number
  orders: number
  printers: number
}

/**
 * A year of a shop's history, deterministic for a seed, ending at `now`: each printer runs jobs back to back (1–7 h,
 * 20 min–3 h apart), 95 % done and 5 % failed, plus 2 % cancelled before they started; jobs are given to orders in
 * time order (10 per order on average), so old orders are complete and the newest 300 are still open.
 */
export async function seedStatisticsShop(now: Date, size: ShopSize, seed = 42) {
  const rand = createRng(seed)
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1))
  const materials = ['PLA', 'PETG', 'ABS', 'TPU']
  const colours: Array<[string, string]> = [
    ['Black', '#111111'],
    ['White', '#f5f5f5'],
    ['Red', '#dc2626'],
    ['Blue', '#1d4ed8'],
    ['Orange', '#f97316'],
  ]
  const fil = await db
    .insert(filaments)
    .values(materials.flatMap((m) => colours.map(([c, hex]) => ({ material: m, colourName: c, colourHex: hex, brand: 'Bench', lowStockGrams: '500.0' }))))
    .returning()
  await db.insert(spools).values(
    fil.flatMap((f, i) =>
      [0, 1, 2].map((k) => ({ filamentId: f.id, batch: `L${k}`, initialNetGrams: '1000.0', remainingGrams: i % 7 === 0 ? '150.0' : '900.0', tareGrams: '200.0', receivedOn: `2026-0${k + 1}-01` })),
    ),
  )
  const printerRows = await db
    .insert(printers)
    .values(
      Array.from({ length: size.printers }, (_, i) => ({
        assetId: `S-${String(i).padStart(3, '0')}`,
        name: `Stats printer ${i}`,
        calendar: calendarPreset(i % 3 === 0 ? 'weekdays_09_21' : 'always'),
        status: i === 7 || i === 31 ? ('maintenance' as const) : ('active' as const),
        printHours: String(200 + int(0, 5000)),
      })),
    )
    .returning({ id: printers.id })
  await db.insert(maintenanceIntervals).values(printerRows.flatMap((p) => DEFAULT_INTERVALS.map((iv) => ({ printerId: p.id, type: iv.type, everyPrintHours: iv.everyPrintHours?.toString() ?? null, everyDays: iv.everyDays ?? null }))))
  await db.insert(maintenanceLog).values(
    printerRows.flatMap((p, i) =>
      DEFAULT_INTERVALS.map((iv) => ({
        printerId: p.id,
        type: iv.type,
        performedOn: new Date(now.getTime() - int(1, 60) * DAY).toISOString().slice(0, 10),
        printHours: String(100 + (i % 10) * 10),
        performedByName: 'bench',
      })),
    ),
  )
  const productRows = await db
    .insert(products)
    .values(
      Array.from({ length: 200 }, (_, i) => ({
        name: `Stats product ${i}`,
        filamentId: fil[i % fil.length].id,
        gramsPerUnit: (5 + Math.floor(rand() * 3000) / 100).toFixed(2),
        printMinutesPerPlate: 60 + int(0, 360),
        unitsPerPlate: 1 + int(0, 7),
      })),
    )
    .returning()
  const filamentOf = new Map(fil.map((f) => [f.id, f]))

  // Each printer's timeline, backwards from now: [start, end) spans of recorded jobs.
  const perPrinter = Math.ceil(size.jobs / size.printers)
  const spans: Array<{ printer: number; start: number; end: number }> = []
  for (let p = 0; p < size.printers; p++) {
    let end = now.getTime() - int(10, 120) * MINUTE - (p < size.printers * 0.8 ? 2 * HOUR : 0)
    for (let k = 0; k < perPrinter && spans.length < size.jobs; k++) {
      const length = int(60, 420) * MINUTE
      spans.push({ printer: p, start: end - length, end })
      end -= length + int(20, 180) * MINUTE
    }
  }
  spans.sort((a, b) => a.end - b.end)

  // Orders in time order, about ten jobs each.
  const perOrder = Math.max(1, Math.floor(size.jobs / size.orders))
  const orderInfo = Array.from({ length: size.orders }, (_, i) => {
    const product = productRows[int(0, productRows.length - 1)]
    const firstSpan = spans[Math.min(spans.length - 1, i * perOrder)]
    return { product, createdAt: new Date(firstSpan.start - DAY), good: 0, open: i >= size.orders - 300 }
  })
  const jobRows: Array<typeof printJobs.$inferInsert> = []
  spans.forEach((s, k) => {
    const o = Math.min(size.orders - 1, Math.floor(k / perOrder))
    const info = orderInfo[o]
    const p = info.product
    const filament = filamentOf.get(p.filamentId!)!
    const failed = rand() < 0.05
    const good = failed ? int(0, p.unitsPerPlate - 1) : p.unitsPerPlate - (rand() < 0.1 ? 1 : 0)
    const scrap = p.unitsPerPlate - good
    info.good += good
    const grams = (Number(p.gramsPerUnit) * p.unitsPerPlate * (0.9 + rand() * 0.2)).toFixed(1)
    jobRows.push({
      orderId: '',
      productId: p.id,
      printerId: printerRows[s.printer].id,
      status: failed ? 'failed' : 'done',
      startsAt: new Date(s.start),
      endsAt: new Date(s.end),
      units: p.unitsPerPlate,
      unitsPerPlate: p.unitsPerPlate,
      minutesPerPlate: Math.round((s.end - s.start) / MINUTE),
      gramsPerUnit: p.gramsPerUnit,
      filamentId: filament.id,
      material: filament.material,
      colour: filament.colourName,
      actualStart: new Date(s.start),
      actualEnd: new Date(s.end),
      goodUnits: good,
      scrapUnits: scrap,
      gramsUsed: grams,
      __order: o,
    } as typeof printJobs.$inferInsert & { __order: number })
  })

  const orderIds: string[] = []
  for (let start = 0; start < size.orders; start += 1000) {
    const chunk = orderInfo.slice(start, start + 1000).map((info, k) => {
      const i = start + k
      const target = info.open ? info.good + int(10, 200) : Math.max(1, info.good)
      return {
        reference: `ST-${String(i).padStart(6, '0')}`,
        customer: `Customer ${i % 300}`,
        productId: info.product.id,
        targetQuantity: target,
        stockOnHand: info.open ? int(0, 5) : 0,
        dueDate: new Date(info.open ? now.getTime() + int(-5, 20) * DAY : info.createdAt.getTime() + 14 * DAY).toISOString().slice(0, 10),
        priority: int(0, 3),
        createdAt: info.createdAt,
        cancelledAt: !info.open && rand() < 0.05 ? info.createdAt : null,
      }
    })
    orderIds.push(...(await db.insert(orders).values(chunk).returning({ id: orders.id })).map((r) => r.id))
  }
  for (const j of jobRows as Array<typeof printJobs.$inferInsert & { __order?: number }>) {
    j.orderId = orderIds[j.__order!]
    delete j.__order
  }
  // Cancelled before starting (no actuals): 2 % more, never counted anywhere.
  for (let k = 0; k < size.jobs * 0.02; k++) {
    const j = jobRows[int(0, jobRows.length - 1)]
    jobRows.push({ ...j, status: 'cancelled', actualStart: null, actualEnd: null, goodUnits: null, scrapUnits: null, gramsUsed: null })
  }
  // Printing now on 80 % of the printers, then three days of planned jobs for the open orders.
  const openIds = orderIds.slice(-300)
  const live: Array<typeof printJobs.$inferInsert> = []
  for (let p = 0; p < size.printers; p++) {
    const product = productRows[p % productRows.length]
    const filament = filamentOf.get(product.filamentId!)!
    const base = { productId: product.id, printerId: printerRows[p].id, units: product.unitsPerPlate, unitsPerPlate: product.unitsPerPlate, minutesPerPlate: 240, gramsPerUnit: product.gramsPerUnit, filamentId: filament.id, material: filament.material, colour: filament.colourName }
    let cursor = now.getTime()
    if (p < size.printers * 0.8) {
      const start = now.getTime() - int(10, 110) * MINUTE
      cursor = start + 4 * HOUR
      live.push({ ...base, orderId: openIds[p % openIds.length], status: 'printing', startsAt: new Date(start), endsAt: new Date(cursor), actualStart: new Date(start) })
    }
    while (cursor < now.getTime() + 3 * DAY) {
      const start = cursor + 15 * MINUTE
      cursor = start + 4 * HOUR
      live.push({ ...base, orderId: openIds[int(0, openIds.length - 1)], status: 'planned', startsAt: new Date(start), endsAt: new Date(cursor) })
    }
  }
  const all = [...jobRows, ...live]
  for (let start = 0; start < all.length; start += 1000) await db.insert(printJobs).values(all.slice(start, start + 1000))

  const actions = ['job.finish', 'job.start', 'order.create', 'spool.weigh', 'login', 'printer.maintenance_log', 'schedule.apply']
  for (let start = 0; start < 5000; start += 1000) {
    await db.insert(auditLog).values(
      Array.from({ length: 1000 }, (_, k) => {
        const action = actions[(start + k) % actions.length]
        return { at: new Date(now.getTime() - (5000 - start - k) * 10 * MINUTE), username: 'bench', action, entityType: action.split('.')[0] === 'login' ? 'user' : action.split('.')[0], entityId: null, after: { reference: `ST-${start + k}` } }
      }),
    )
  }
  await db.execute(sql`analyze`)
  return { recordedJobs: jobRows.filter((j) => j.status === 'done' || j.status === 'failed').length, liveJobs: live.length }
}

const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

/** A fresh database: in-memory PGlite (the embedded default), or a scratch PostgreSQL database with `--postgres`. */
async function openBenchDb(usePostgres: boolean): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (!usePostgres) {
    const handle = openDb({ dataDir: 'memory://' })
    return { handle, drop: () => handle.close() }
  }
  const name = `mes_bench_stats_${process.pid}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const handle = openDb({ databaseUrl: url.toString(), poolMax: 10 })
  return {
    handle,
    drop: async () => {
      await handle.close()
      await admin.unsafe(`drop database if exists "${name}"`)
      await admin.end()
    },
  }
}

export default async function run(args: string[]): Promise<Metric[]> {
  const jobs = Number(args.find((a) => a.startsWith('jobs='))?.split('=')[1] ?? 100_000)
  const metrics = await measure(jobs, false)
  if (args.includes('--postgres')) metrics.push(...(await measure(jobs, true)))
  return metrics
}

async function measure(jobs: number, usePostgres: boolean): Promise<Metric[]> {
  const on = usePostgres ? 'PostgreSQL' : 'PGlite'
  process.env.SHOP_TIME_ZONE ??= 'Asia/Seoul'
  const { handle, drop } = await openBenchDb(usePostgres)
  setDbHandle(handle)
  await migrateDb(handle)
  const now = new Date()
  const seedStart = performance.now()
  const seeded = await seedStatisticsShop(now, { jobs, orders: 10_000, printers: 50 })
  const seedMs = performance.now() - seedStart
  // PostgreSQL's autovacuum visits a table after this many inserts within a minute; PGlite has no autovacuum.
  if (usePostgres) await db.execute(sql`vacuum analyze`)
  const user = await makeUser('viewer')
  const cookie = await sessionFor(user.id)
  const call = (mod: { loader: Handler }, path: string) => mod.loader({ request: makeRequest(path, { cookie }), params: {}, context: {} })
  const day = (offset: number) => localDate(new Date(now.getTime() + offset * DAY), process.env.SHOP_TIME_ZONE!)

  // Each loader cold (READ_CACHE=0: it reads and computes, as after any write) and warm (the read-model cache answers).
  const cacheWas = process.env.READ_CACHE
  const coldWarm = async (fn: () => Promise<unknown>, repeat: number, warmup: number) => {
    process.env.READ_CACHE = '0'
    const cold = await medianMs(fn, repeat, warmup)
    process.env.READ_CACHE = '1'
    const warm = await medianMs(fn, repeat, warmup)
    process.env.READ_CACHE = '0'
    return { cold, warm }
  }
  process.env.READ_CACHE = '0'
  const baseline = await medianMs(() => trivialRoute.loader({ request: makeRequest('/', { cookie }) }), 21, 3)
  const dash = await coldWarm(() => call(dashboard as unknown as { loader: Handler }, '/'), 11, 2)
  const week = await coldWarm(() => call(statistics as unknown as { loader: Handler }, '/statistics'), 11, 2)
  const last7 = await coldWarm(() => call(statistics as unknown as { loader: Handler }, `/statistics?period=custom&from=${day(-7)}&to=${day(-1)}`), 11, 2)
  const last31 = await coldWarm(() => call(statistics as unknown as { loader: Handler }, `/statistics?period=custom&from=${day(-31)}&to=${day(-1)}`), 11, 2)
  const last92 = await coldWarm(() => call(statistics as unknown as { loader: Handler }, `/statistics?period=custom&from=${day(-92)}&to=${day(-1)}`), 5, 1)

  const render = async (id: string, path: string, mod: { loader: Handler; default: () => unknown }) => {
    const routes = [
      {
        id: 'root',
        path: '/',
        loader: () => ({ locale: 'ko', toast: null, user: null }),
        children: [{ id, index: path === '/', path: path === '/' ? undefined : path.slice(1).split('?')[0], loader: ({ request }: { request: Request }) => mod.loader({ request, params: {}, context: {} }), Component: mod.default as never }],
      },
    ]
    const handler = createStaticHandler(routes as never)
    const once = async () => {
      const context = await handler.query(makeRequest(path, { cookie }))
      if (context instanceof Response) throw new Error(`render: got a ${context.status} response`)
      const router = createStaticRouter(handler.dataRoutes, context)
      return renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }))
    }
    const html = await once()
    const charts = (html.match(/<figure role="img"/g) ?? []).length
    if (!charts) throw new Error(`render: ${path} has no chart`)
    return { ms: await medianMs(once, 7, 1), charts, kib: html.length / 1024 }
  }
  const dashRender = await render('routes/_index', '/', dashboard as never)
  const statsRender = await render('routes/statistics._index', `/statistics?period=custom&from=${day(-31)}&to=${day(-1)}`, statistics as never)
  // PGlite never vacuums by itself: what a periodic VACUUM would give (index-only scan for the open orders' output).
  let vacuumed: number | null = null
  if (!usePostgres) {
    await db.execute(sql`vacuum analyze`)
    vacuumed = await medianMs(() => call(dashboard as unknown as { loader: Handler }, '/'), 11, 2)
  }
  await drop()
  if (cacheWas === undefined) delete process.env.READ_CACHE
  else process.env.READ_CACHE = cacheWas
  return [
    metric(`${on}: seed ${seeded.recordedJobs} recorded jobs + ${seeded.liveJobs} printing/planned, 10,000 orders, 50 printers`, seedMs, 'ms'),
    metric(`${on}: baseline, trivial route (session check + one value)`, baseline, 'ms'),
    metric(`${on}: dashboard loader, cold (READ_CACHE=0)`, dash.cold, 'ms', '<= 100'),
    metric('  ratio to baseline', dash.cold / baseline, 'ratio'),
    metric(`${on}: dashboard loader, warm (read cache)`, dash.warm, 'ms'),
    ...(vacuumed === null ? [] : [metric(`${on}: dashboard loader after a VACUUM, cold`, vacuumed, 'ms')]),
    metric(`${on}: statistics loader, this week (so far), cold / warm`, week.cold, `ms (warm ${week.warm.toFixed(1)} ms)`, '<= 100'),
    metric(`${on}: statistics loader, last 7 full days, cold / warm`, last7.cold, `ms (warm ${last7.warm.toFixed(1)} ms)`, '<= 100'),
    metric('  ratio to baseline, cold', last7.cold / baseline, 'ratio'),
    metric(`${on}: statistics loader, last 31 days, cold / warm`, last31.cold, `ms (warm ${last31.warm.toFixed(1)} ms)`, '<= 100'),
    metric('  ratio to baseline, cold', last31.cold / baseline, 'ratio'),
    metric(`${on}: statistics loader, last 92 days (longest period), cold / warm`, last92.cold, `ms (warm ${last92.warm.toFixed(1)} ms)`),
    metric(`${on}: dashboard loader + renderToString (${dashRender.charts} chart), cold`, dashRender.ms, 'ms'),
    metric(`${on}: statistics loader + renderToString, 31 days (${statsRender.charts} charts), cold`, statsRender.ms, 'ms'),
    metric(`${on}: rendered statistics HTML, 31 days`, statsRender.kib, 'KiB'),
  ]
}
