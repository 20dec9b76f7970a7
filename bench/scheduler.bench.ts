/**
 * `npm run bench -- scheduler`: auto-scheduler plan time for 100 / 1,000 / 10,000 open orders on 5 / 50 / 200 printers over
 * 90 days (deterministic synthetic shops, bench/scheduler-data.ts). Target: ≤ 1 s for 1,000 orders × 50 printers, and
 * near-linear growth — the growth ratios compare 10× the orders on the same fleet (linear = 10).
 *
 * Then the same size through a database: the plan preview end to end (load orders, output, printers, calendars, jobs +
 * schedule + diff) and Apply, in process; then the planning board (issue 17) through the production server
 * (`node server.mjs`, 127.0.0.1 only) on that database: the document's size at 50 printers × 7 days, and the server's
 * CPU time per request for the board and for a plain form page (`/vibration/upload`, the load benchmark's floor)
 * measured in the same run — with the read cache off (READ_CACHE=0, "cold": every request reads and renders) and on
 * ("warm"). On the embedded database (PGlite runs inside the server process, so its query work counts as server CPU)
 * and, when one answers at TEST_DATABASE_URL or 127.0.0.1:5432, on PostgreSQL (only the Node process is counted).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { db, migrateDb, openDb, setDbHandle, type DbHandle } from '../db/client.server'
import { filaments, orders, printers, products } from '../db/schema'
import { autoSchedule } from '../app/domain/scheduling'
import { calendarPreset } from '../app/domain/printers'
import { applyPlan, previewPlan } from '~/models/scheduling/plan.server'
import { makeUser, sessionFor } from '../tests/support/app'
import { createRng } from '../tests/fixtures/rng'
import { medianMs, metric, type Metric } from './lib'
import { makeShop } from './scheduler-data'
import { ADMIN_URL, cpuMs, dbUrl, ensureBuild, postgresAnswers, startServer, stopServer } from './server-harness'

const TIME_ZONE = 'Asia/Seoul'
/** Sequential requests per page and cache setting (CPU time is read from /proc in 10 ms ticks). */
const REQUESTS = 60

/** 50 printers, 100 products, 1,000 open orders, planned and applied; an administrator's session cookie. */
async function seedShop(handle: DbHandle, label: string): Promise<{ cookie: string; metrics: Metric[] }> {
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
  const user = await makeUser('admin')
  const cookie = await sessionFor(user.id)

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
  await db.execute(sql`vacuum (analyze) print_jobs, orders, products, printers, filaments`)
  return {
    cookie,
    metrics: [
      metric(`db (${label}): plan preview, 1,000 orders × 50 printers (load + plan + diff)`, preview, 'ms', '<= 1000'),
      metric(`  jobs in the plan`, jobs, 'jobs'),
      metric(`db (${label}): apply that plan (insert all jobs, one transaction)`, applyMs, 'ms'),
    ],
  }
}

interface PageRun {
  cpu: number
  wall: number
}

/** The server's CPU time (and median wall time) per request over REQUESTS sequential requests, after a warm-up. */
async function perRequest(origin: string, pid: number, pathName: string, cookie: string): Promise<PageRun> {
  const get = async () => {
    const res = await fetch(`${origin}${pathName}`, { headers: { cookie } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${pathName} answered ${res.status}`)
  }
  for (let i = 0; i < 8; i++) await get()
  const c0 = cpuMs(pid)
  const times: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now()
    await get()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { cpu: (cpuMs(pid) - c0) / REQUESTS, wall: times[Math.floor(times.length / 2)] }
}

const GANTT = '/schedule?zoom=week'
const FORM = '/vibration/upload'

/** The board's document sizes, then CPU per request of the board and the form page, cold and warm. */
async function boardThroughTheServer(label: string, env: Record<string, string>, cookie: string): Promise<Metric[]> {
  const metrics: Metric[] = []
  const runs: Record<string, { gantt: PageRun; form: PageRun }> = {}
  for (const cache of ['0', '1']) {
    const server = await startServer('unused', { ...env, SHOP_TIME_ZONE: TIME_ZONE, LOG_REQUESTS: '0', READ_CACHE: cache })
    try {
      if (cache === '1') {
        const docs: Array<[string, string]> = [
          ['week (default), 50 printers × 7 days', GANTT],
          ['3 days', '/schedule?zoom=3d'],
          ['day', '/schedule?zoom=day'],
          ['agenda (today by printer)', '/schedule?view=agenda'],
        ]
        for (const [name, pathName] of docs) {
          const res = await fetch(`${server.origin}${pathName}`, { headers: { cookie } })
          const html = await res.text()
          if (res.status !== 200) throw new Error(`${pathName} answered ${res.status}`)
          const bars = (html.match(/data-testid="gantt-job"/g) ?? []).length
          const groups = (html.match(/data-testid="gantt-group"/g) ?? []).length
          const size = Buffer.byteLength(html) / 1024
          metrics.push(metric(`board (${label}): document, ${name}`, size, 'KiB', pathName === GANTT ? '<= 300' : null))
          if (pathName !== '/schedule?view=agenda') metrics.push(metric(`  bars / groups drawn (${name})`, bars, `bars, ${groups} groups`))
        }
      }
      runs[cache] = {
        gantt: await perRequest(server.origin, server.child.pid!, GANTT, cookie),
        form: await perRequest(server.origin, server.child.pid!, FORM, cookie),
      }
    } finally {
      await stopServer(server)
    }
  }
  for (const [cache, name] of [
    ['0', 'cold (READ_CACHE=0)'],
    ['1', 'warm (read cache on)'],
  ] as const) {
    const r = runs[cache]
    metrics.push(metric(`board (${label}): form page ${FORM}, server CPU per request, ${name}`, r.form.cpu, 'ms'))
    metrics.push(metric(`board (${label}): Gantt week ${GANTT}, server CPU per request, ${name}`, r.gantt.cpu, 'ms'))
    metrics.push(metric(`  ratio Gantt / form page, ${name}`, r.gantt.cpu / Math.max(r.form.cpu, 0.01), 'ratio', '<= 2.0'))
    metrics.push(metric(`  median response time Gantt / form page, ${name}`, r.gantt.wall, `ms (form ${r.form.wall.toFixed(1)} ms)`))
  }
  return metrics
}


async function throughTheDatabase(): Promise<Metric[]> {
  process.env.SHOP_TIME_ZONE ??= TIME_ZONE
  ensureBuild()
  const metrics: Metric[] = []
  // The embedded database, in a folder of its own that the server opens after the seed has closed it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-sched-'))
  try {
    const handle = openDb({ dataDir: dir })
    let seeded: Awaited<ReturnType<typeof seedShop>>
    try {
      seeded = await seedShop(handle, 'PGlite')
    } finally {
      await handle.close()
    }
    metrics.push(...seeded.metrics)
    metrics.push(...(await boardThroughTheServer('PGlite', { DATABASE_URL: '', DATA_DIR: dir }, seeded.cookie)))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (!(await postgresAnswers())) {
    metrics.push(metric('board (PostgreSQL): skipped, no server at TEST_DATABASE_URL / 127.0.0.1:5432', 0, '—'))
    return metrics
  }
  const name = `mes_sched_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  try {
    const handle = openDb({ databaseUrl: dbUrl(name), poolMax: 4 })
    let seeded: Awaited<ReturnType<typeof seedShop>>
    try {
      seeded = await seedShop(handle, 'PostgreSQL')
    } finally {
      await handle.close()
    }
    metrics.push(...seeded.metrics)
    metrics.push(...(await boardThroughTheServer('PostgreSQL', { DATABASE_URL: dbUrl(name) }, seeded.cookie)))
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
  return metrics
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
