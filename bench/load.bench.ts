/**
 * `npm run bench -- load [--duration 10] [--connections 20] [--scale 1] [--workers 1,2] [--cache cold,warm]`: the
 * production build (`node server.mjs`, PostgreSQL, 127.0.0.1 only — the harness refuses any other host), signed in, with
 * a shop of realistic size: 10,000 orders, 100,000 recorded/planned print jobs, 50 printers, 2,000 spools, 1.5 M
 * vibration rows (the 8 seed recordings, uploaded through the form). A scratch database, dropped at the end.
 *
 * For each number of worker processes (1, and one per core: WEB_CONCURRENCY) and each cache state (cold: READ_CACHE=0,
 * every request reads the database as after a write; warm: the read-model cache on), a fresh server is measured:
 * - /healthz (the ceiling) and the floor: a signed-in form page (/vibration/upload), under autocannon; every request
 *   carries a browser's Accept-Encoding (gzip, deflate, br), so compressing the answer is part of its cost;
 * - read-only: each main page under autocannon: req/s, p50/p99, errors, the server's CPU per request (all its
 *   processes) and that CPU ÷ the floor's (target ≤ 2 cold);
 * - mixed: 85 % page views across the main pages, 15 % writes through the real forms (bench/load-mixed.ts): p99 per
 *   page and per write, errors.
 * Then the dashboard while another 1.5 M-row upload and its diagnosis run (one per core, warm). Targets: floor ≤ 2.5 ms
 * CPU, pages ≤ 2 × floor cold, p99 ≤ 250 ms, 0 errors; p99 ≤ 500 ms during the upload.
 * Quick loops: `--keep-db NAME` (seed once, reuse), `--pages gantt,inventory` (a subset), `--no-upload`, `--no-mixed`,
 * `--cpu-prof` (the server's CPU profile into reports/).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { createRng } from '../tests/fixtures/rng'
import { metric, type Metric } from './lib'
import { BROWSER_ACCEPT_ENCODING, runMixed } from './load-mixed'
import { ADMIN_URL, dbUrl, ensureBuild, loginAdmin, setupAdmin, queryDb, startServer, stopServer, treeCpuMs, uploadAll, type Server } from './server-harness'
import { SEED_ROWS_PER_FILE, writeDataset } from './vibration-dataset'

const PAGES: Array<[string, string]> = [
  ['dashboard', '/'],
  ['order board', '/orders'],
  ['Gantt (7 days, 50 printers)', '/schedule'],
  ['inventory', '/inventory'],
  ['statistics', '/statistics'],
  ['vibration overview', '/vibration/diagnosis'],
  ['printer page', '/printers/:first'],
]

const calendar = JSON.stringify(Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ startMin: 0, endMin: 1440 }]])))

/** The shop, straight into PostgreSQL (fast; the app's own forms are exercised by the tests). */
async function seedShop(sql: postgres.Sql, scale: number) {
  const rand = createRng(11)
  const n = (x: number) => Math.max(1, Math.round(x * scale))
  const printerRows = await sql<{ id: string }[]>`
    insert into printers (asset_id, name, calendar, materials, changeover_minutes)
    select 'L-' || lpad(i::text, 3, '0'), 'Load printer ' || i, ${calendar}::jsonb, '{}', 10 from generate_series(1, 50) i
    returning id`
  const filamentRows = await sql<{ id: string; material: string; colour_name: string }[]>`
    insert into filaments (material, colour_name, colour_hex, brand)
    select m, c, '#445566', 'Load' from unnest(array['PLA','PETG','TPU']) m, unnest(array['Black','White','Grey','Red']) c
    returning id, material, colour_name`
  await sql`
    insert into spools (filament_id, batch, initial_net_grams, remaining_grams, tare_grams, received_on)
    select (${sql.array(filamentRows.map((f) => f.id))}::uuid[])[1 + (i % ${filamentRows.length})], 'B' || (i % 40), 1000, 200 + (i % 800), 250,
           date '2026-01-01' + (i % 300)
    from generate_series(1, ${n(2000)}) i`
  const productRows = await sql<{ id: string; filament_id: string }[]>`
    insert into products (name, filament_id, grams_per_unit, print_minutes_per_plate, units_per_plate)
    select 'Load product ' || i, (${sql.array(filamentRows.map((f) => f.id))}::uuid[])[1 + (i % ${filamentRows.length})], 5 + (i % 40), 30 + (i % 200), 1 + (i % 8)
    from generate_series(1, 200) i
    returning id, filament_id`
  const orderRows = await sql<{ id: string; product_id: string }[]>`
    insert into orders (reference, customer, product_id, target_quantity, stock_on_hand, due_date, priority, created_at)
    select 'LO-' || lpad(i::text, 6, '0'), 'Customer ' || (i % 300), (${sql.array(productRows.map((p) => p.id))}::uuid[])[1 + (i % 200)],
           20 + (i % 400), (i % 7), current_date + ((i % 120) - 30), i % 4, now() - ((i % 365) || ' days')::interval
    from generate_series(1, ${n(10_000)}) i
    returning id, product_id`
  // 100,000 jobs, as a year of a busy farm: per printer a chain of plates of 1–8 hours (mean ≈ 4 h) with the 10-minute
  // changeover between them, ending with ≈ a week of planned work ahead (so the default Gantt week is full: ≈ 2,100 bars
  // over 50 printers); most done, a few failed and cancelled, one printing now. No two live jobs overlap (the database
  // would refuse them).
  const DURATIONS = [60, 90, 120, 180, 240, 300, 360, 480]
  const filamentOf = new Map(productRows.map((p) => [p.id, filamentRows.find((f) => f.id === p.filament_id)!]))
  const perPrinter = Math.round(n(100_000) / printerRows.length)
  const AHEAD = Math.min(40, perPrinter)
  const now = Date.now()
  const rows: Array<Record<string, unknown>> = []
  const flush = async () => {
    if (!rows.length) return
    await sql`insert into print_jobs ${sql(rows.splice(0))}`
  }
  for (const [p, printer] of printerRows.entries()) {
    const minutes = Array.from({ length: perPrinter }, () => DURATIONS[Math.floor(rand() * DURATIONS.length)])
    // The chain is placed so that job number perPrinter − AHEAD is the one printing now.
    const before = minutes.slice(0, perPrinter - AHEAD).reduce((a, m) => a + m + 10, 0)
    let cursor = now - before * 60_000 - (p % 30) * 60_000
    for (let i = 0; i < perPrinter; i++) {
      const order = orderRows[Math.floor(rand() * orderRows.length)]
      const f = filamentOf.get(order.product_id)!
      const startsAt = new Date(cursor)
      const endsAt = new Date(cursor + minutes[i] * 60_000)
      cursor = endsAt.getTime() + 10 * 60_000
      const past = endsAt.getTime() < now
      const printing = !past && startsAt.getTime() <= now
      const r = rand()
      const status = past ? (r < 0.03 ? 'failed' : r < 0.05 ? 'cancelled' : 'done') : printing ? 'printing' : 'planned'
      const finished = status === 'done' || status === 'failed'
      const good = finished ? (status === 'done' ? 1 + Math.floor(r * 4) : 0) : null
      rows.push({
        order_id: order.id,
        product_id: order.product_id,
        printer_id: printer.id,
        status,
        starts_at: startsAt,
        ends_at: endsAt,
        units: 4,
        units_per_plate: 8,
        minutes_per_plate: minutes[i],
        grams_per_unit: '10.00',
        filament_id: f.id,
        material: f.material,
        colour: f.colour_name,
        actual_start: finished || printing ? startsAt : null,
        actual_end: finished ? endsAt : null,
        good_units: good,
        scrap_units: finished ? (status === 'failed' ? 4 : Math.floor(r * 2)) : null,
        grams_used: finished ? String(minutes[i] + Math.floor(r * 10)) : null,
      })
      if (rows.length >= 2000) await flush()
    }
  }
  await flush()
  await sql`analyze`
}

/** The shop in SQL, then the 8 seed recordings through the upload form, then waits for their diagnosis. */
async function seedAll(server: Server, cookie: string, dbName: string, scale: number, tmp: string, metrics: Metric[]) {
  const sql = postgres(dbUrl(dbName), { max: 2, onnotice: () => {} })
  try {
    let t0 = performance.now()
    await seedShop(sql, scale)
    metrics.push(metric('seed: 10,000 orders, 100,000 jobs, 50 printers, 2,000 spools (SQL)', (performance.now() - t0) / 1000, 's'))
    const rowsPerFile = Math.round(SEED_ROWS_PER_FILE * scale)
    const files1 = await writeDataset(path.join(tmp, 'a'), rowsPerFile, 1)
    t0 = performance.now()
    const up = await uploadAll(server, cookie, files1, '2025-01-01T08:00:00')
    if (up.status !== 302) throw new Error(`vibration upload answered ${up.status}`)
    metrics.push(metric(`seed: ${(rowsPerFile * 8).toLocaleString('en')} vibration rows through the upload form`, (performance.now() - t0) / 1000, 's'))
    // Let the background diagnosis of the seed recordings finish, so it does not load the measurements below.
    for (let i = 0; i < 120; i++) {
      const [{ open }] = await sql<{ open: number }[]>`select count(*)::int as open from vibration_diagnosis_runs where status in ('queued', 'running')`
      if (open === 0) break
      await new Promise((r) => setTimeout(r, 1000))
    }
  } finally {
    await sql.end()
  }
}

interface Run {
  rps: number
  p50: number
  p99: number
  errors: number
  requests: number
  /** CPU time of the server's processes per answered request: with one process, p99 under N connections is about N × this. */
  cpuPerRequest: number
}

async function hammer(origin: string, pathName: string, cookie: string, duration: number, connections: number, pid: number): Promise<Run> {
  const c0 = treeCpuMs(pid)
  const r = await autocannon({ url: `${origin}${pathName}`, connections, duration, headers: { cookie, 'accept-encoding': BROWSER_ACCEPT_ENCODING }, timeout: 10 })
  const cpuPerRequest = (treeCpuMs(pid) - c0) / Math.max(1, r.requests.total)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, requests: r.requests.total, cpuPerRequest }
}

interface Config {
  workers: number
  cold: boolean
}

/**
 * Each page's document as a tablet gets it in Korean (the shop's language; its text is 3 bytes a letter), uncompressed:
 * ≤ 150 KB (issue 20), the Gantt ≤ 300 KB (issue 17).
 */
async function documentSizes(origin: string, cookie: string, pages: Array<[string, string]>, metrics: Metric[]) {
  for (const [label, pathName] of pages) {
    const res = await fetch(origin + pathName, { headers: { cookie, 'Accept-Language': 'ko' } })
    const bytes = (await res.arrayBuffer()).byteLength
    metrics.push(metric(`${label}: document (Korean, uncompressed)`, bytes / 1000, `KB (HTTP ${res.status})`, label.startsWith('Gantt') ? '<= 300' : '<= 150'))
  }
}

/** One server (workers × cache state): ceiling, floor, each page read-only, then the mixed shop load. */
async function measure(config: Config, o: { dbName: string; cookie: string | null; duration: number; connections: number; pages: Array<[string, string]>; mixed: boolean; cpuProf: boolean; documents: boolean }, metrics: Metric[]) {
  const tag = `[${config.workers === 1 ? '1 process' : `${config.workers} processes`}, ${config.cold ? 'cold' : 'warm'}]`
  const nodeArgs = o.cpuProf && config.workers === 1 ? ['--cpu-prof', '--cpu-prof-dir=reports'] : []
  const env = { LOG_REQUESTS: '0', READ_CACHE: config.cold ? '0' : '1', WEB_CONCURRENCY: String(config.workers) }
  const server = await startServer(o.dbName, env, nodeArgs)
  try {
    const cookie = o.cookie ?? (await loginAdmin(server))
    const pid = server.child.pid!
    const [{ id: printerId }] = await queryDb(o.dbName, (sql) => sql<{ id: string }[]>`select id from printers order by asset_id limit 1`)
    const pages = o.pages.map(([l, p]) => [l, p.replace(':first', printerId)] as [string, string])
    if (o.documents) await documentSizes(server.origin, cookie, pages, metrics)
    // A short warm-up, so JIT and pools are not what is measured.
    await autocannon({ url: `${server.origin}/vibration/upload`, connections: 4, duration: 2, headers: { cookie } })
    const ceiling = await hammer(server.origin, '/healthz', cookie, o.duration, o.connections, pid)
    metrics.push(metric(`${tag} ceiling /healthz: req/s · CPU per request`, ceiling.rps, `req/s (${ceiling.cpuPerRequest.toFixed(2)} ms CPU, p99 ${ceiling.p99} ms)`))
    const floor = await hammer(server.origin, '/vibration/upload', cookie, o.duration, o.connections, pid)
    metrics.push(metric(`${tag} floor (/vibration/upload): server CPU per request`, floor.cpuPerRequest, 'ms', '<= 2.5'))
    metrics.push(metric(`${tag} floor: req/s · p50 / p99 · errors`, floor.rps, `req/s (${floor.p50} / ${floor.p99} ms, ${floor.errors} errors)`))
    for (const [label, pathName] of pages) {
      const r = await hammer(server.origin, pathName, cookie, o.duration, o.connections, pid)
      metrics.push(metric(`${tag} ${label}: server CPU per request`, r.cpuPerRequest, 'ms'))
      metrics.push(metric(`${tag} ${label}: ÷ floor CPU`, r.cpuPerRequest / floor.cpuPerRequest, 'ratio', config.cold ? '<= 2' : null))
      metrics.push(metric(`${tag} ${label}: p99 (read-only)`, r.p99, `ms (p50 ${r.p50} ms, ${Math.round(r.rps)} req/s)`, '<= 250'))
      metrics.push(metric(`${tag} ${label}: errors of ${r.requests}`, r.errors, 'count', '<= 0'))
    }
    if (!o.mixed) return
    const c0 = treeCpuMs(pid)
    const mixed = await runMixed({ origin: server.origin, cookie, dbUrl: dbUrl(o.dbName), pages, connections: o.connections, seconds: o.duration * 3 })
    metrics.push(metric(`${tag} mixed (85 % pages, 15 % writes): req/s`, mixed.requests / mixed.seconds, `req/s (${((treeCpuMs(pid) - c0) / Math.max(1, mixed.requests)).toFixed(1)} ms CPU per request)`))
    metrics.push(metric(`${tag} mixed: errors of ${mixed.requests} (refusals: ${mixed.refused})`, mixed.errors, 'count', '<= 0'))
    for (const s of mixed.perLabel) metrics.push(metric(`${tag} mixed · ${s.label}: p99`, s.p99, `ms (p50 ${Math.round(s.p50)} ms, ${s.count} requests)`, '<= 250'))
  } finally {
    await stopServer(server)
  }
}

export default async function loadBench(args: string[]): Promise<Metric[]> {
  const opt = (name: string, fallback: string) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : fallback
  }
  const duration = Number(opt('--duration', '10'))
  const connections = Number(opt('--connections', '20'))
  const scale = Number(opt('--scale', '1'))
  const perCore = Math.max(2, os.availableParallelism())
  const workerCounts = opt('--workers', `1,${perCore}`).split(',').map(Number)
  const caches = opt('--cache', 'cold,warm').split(',')
  ensureBuild()
  const kept = args.includes('--keep-db') ? opt('--keep-db', '') : null
  const dbName = kept ?? `mes_load_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  const reuse = kept !== null && (await admin`select 1 from pg_database where datname = ${kept}`).length > 0
  if (!reuse) await admin.unsafe(`create database "${dbName}"`)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-load-'))
  const metrics: Metric[] = []
  try {
    if (!reuse) {
      const server = await startServer(dbName, { LOG_REQUESTS: '0' })
      try {
        await seedAll(server, await setupAdmin(server), dbName, scale, tmp, metrics)
      } finally {
        await stopServer(server)
      }
    }
    // `--pages gantt,statistics` measures only the pages whose label contains one of the words (quick loops).
    const only = args.includes('--pages') ? opt('--pages', '').split(',') : null
    const pages = PAGES.filter(([l]) => !only || only.some((w) => l.toLowerCase().includes(w)))
    for (const workers of workerCounts) {
      for (const cache of caches) {
        // The documents are the same whatever the server's set-up: read once, by the first.
        const documents = workers === workerCounts[0] && cache === caches[0]
        const o = { dbName, cookie: null, duration, connections, pages, mixed: !args.includes('--no-mixed'), cpuProf: args.includes('--cpu-prof'), documents }
        await measure({ workers, cold: cache === 'cold' }, o, metrics)
      }
    }

    // The dashboard while a second 1.5 M-row upload streams in and is diagnosed.
    if (args.includes('--no-upload')) return metrics
    const workers = workerCounts[workerCounts.length - 1]
    const server = await startServer(dbName, { LOG_REQUESTS: '0', WEB_CONCURRENCY: String(workers) })
    try {
      const cookie = await loginAdmin(server)
      const files2 = await writeDataset(path.join(tmp, 'b'), Math.round(SEED_ROWS_PER_FILE * scale), 2)
      const upload = uploadAll(server, cookie, files2, `2025-02-0${1 + (Date.now() % 8)}T08:00:00`)
      const during = await hammer(server.origin, '/', cookie, duration * 2, connections, server.child.pid!)
      const second = await upload
      metrics.push(metric(`[${workers} processes, warm] dashboard during a 1.5 M-row upload: p99`, during.p99, `ms (p50 ${during.p50} ms, ${Math.round(during.rps)} req/s)`, '<= 500'))
      metrics.push(metric('  dashboard during the upload: errors', during.errors, 'count', '<= 0'))
      metrics.push(metric('  the upload itself answered', second.status, 'HTTP'))
    } finally {
      await stopServer(server)
    }
  } finally {
    if (!kept) await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return metrics
}
