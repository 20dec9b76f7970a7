/**
 * `npm run bench -- load [--duration 20] [--connections 20] [--scale 1]`: the production build (`node server.mjs`,
 * PostgreSQL, 127.0.0.1 only — the harness refuses any other host) under autocannon, signed in, on each main page and on
 * /healthz as the ceiling, with a shop of realistic size: 10,000 orders, 100,000 recorded/planned print jobs, 50
 * printers, 2,000 spools, 1.5 M vibration rows (the 8 seed recordings, uploaded through the form). Then the dashboard
 * again while another 1.5 M-row upload runs. Prints req/s, p50/p97.5/p99, errors and each page's req/s ÷ the ceiling's.
 * Targets: 0 errors, p99 ≤ 250 ms; p99 ≤ 1 s during the upload. A scratch database, dropped at the end.
 * Also prints the server's CPU time per request: one Node process serves every request, so under N closed-loop
 * connections p99 is roughly N × that figure, whatever the database does.
 * Quick loops: `--keep-db NAME` (seed once, reuse), `--pages gantt,inventory` (a subset), `--no-upload` (skip the
 * during-upload run), `--cpu-prof` (the server's CPU profile into reports/).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { createRng } from '../tests/fixtures/rng'
import { metric, type Metric } from './lib'
import { ADMIN_URL, cpuMs, dbUrl, ensureBuild, loginAdmin, setupAdmin, startServer, stopServer, uploadAll, type Server } from './server-harness'
import { SEED_ROWS_PER_FILE, writeDataset } from './vibration-dataset'

const PAGES: Array<[string, string]> = [
  ['dashboard', '/'],
  ['order board', '/orders'],
  ['Gantt (7 days, 50 printers)', '/schedule'],
  ['inventory', '/inventory'],
  ['statistics', '/statistics'],
  ['vibration overview', '/vibration/diagnosis'],
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
  p975: number
  p99: number
  errors: number
  non2xx: number
  requests: number
  /** The server process's CPU time per answered request: with one Node process, p99 under N connections is about N × this. */
  cpuPerRequest: number
}

async function hammer(origin: string, pathName: string, cookie: string, duration: number, connections: number, pid: number): Promise<Run> {
  const c0 = cpuMs(pid)
  const r = await autocannon({ url: `${origin}${pathName}`, connections, duration, headers: { cookie }, timeout: 10 })
  const cpuPerRequest = (cpuMs(pid) - c0) / Math.max(1, r.requests.total)
  return { rps: r.requests.average, p50: r.latency.p50, p975: r.latency.p97_5, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total, cpuPerRequest }
}

export default async function loadBench(args: string[]): Promise<Metric[]> {
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(name)
    return i >= 0 ? Number(args[i + 1]) : fallback
  }
  const duration = opt('--duration', 20)
  const connections = opt('--connections', 20)
  const scale = opt('--scale', 1)
  ensureBuild()
  // `--keep-db NAME` seeds that database once and keeps it for the next run (quick loops); `--cpu-prof` writes the
  // server's CPU profile to reports/.
  const kept = args.includes('--keep-db') ? args[args.indexOf('--keep-db') + 1] : null
  const dbName = kept ?? `mes_load_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  const reuse = kept !== null && (await admin`select 1 from pg_database where datname = ${kept}`).length > 0
  if (!reuse) await admin.unsafe(`create database "${dbName}"`)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-load-'))
  const metrics: Metric[] = []
  let server: Awaited<ReturnType<typeof startServer>> | null = null
  try {
    const nodeArgs = args.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=reports'] : []
    server = await startServer(dbName, { LOG_REQUESTS: '0' }, nodeArgs)
    const cookie = reuse ? await loginAdmin(server) : await setupAdmin(server)
    if (!reuse) await seedAll(server, cookie, dbName, scale, tmp, metrics)

    const ceiling = await hammer(server.origin, '/healthz', cookie, duration, connections, server.child.pid!)
    metrics.push(metric('ceiling: /healthz req/s', ceiling.rps, 'req/s'))
    metrics.push(metric('ceiling: /healthz p99', ceiling.p99, 'ms'))
    metrics.push(metric('ceiling: server CPU per request', ceiling.cpuPerRequest, 'ms'))
    // The framework's floor for a page: a form without data (session check, root layout, React render, route manifest).
    const floor = await hammer(server.origin, '/vibration/upload', cookie, duration, connections, server.child.pid!)
    metrics.push(metric('floor: a form page without data (/vibration/upload) p50 / p99', floor.p50, `ms (p99 ${floor.p99} ms)`))
    metrics.push(metric('floor: req/s; server CPU per request', floor.rps, `req/s (${floor.cpuPerRequest.toFixed(1)} ms CPU)`))
    // `--pages gantt,statistics` measures only the pages whose label contains one of the words (quick loops).
    const only = args.includes('--pages') ? args[args.indexOf('--pages') + 1].split(',') : null
    for (const [label, pathName] of PAGES.filter(([l]) => !only || only.some((w) => l.toLowerCase().includes(w)))) {
      const r = await hammer(server.origin, pathName, cookie, duration, connections, server.child.pid!)
      metrics.push(metric(`${label} (${pathName}): req/s`, r.rps, 'req/s'))
      metrics.push(metric(`  ${label}: ratio to the ceiling`, r.rps / ceiling.rps, 'ratio'))
      metrics.push(metric(`  ${label}: p50 / p97.5`, r.p50, `ms (p97.5 ${r.p975} ms)`))
      metrics.push(metric(`  ${label}: p99`, r.p99, 'ms', '<= 250'))
      metrics.push(metric(`  ${label}: server CPU per request`, r.cpuPerRequest, 'ms'))
      metrics.push(metric(`  ${label}: errors + non-2xx of ${r.requests}`, r.errors + r.non2xx, 'count', '<= 0'))
    }

    // The dashboard while a second 1.5 M-row upload streams in.
    if (args.includes('--no-upload')) return metrics
    const files2 = await writeDataset(path.join(tmp, 'b'), Math.round(SEED_ROWS_PER_FILE * scale), 2)
    const upload = uploadAll(server, cookie, files2, '2025-02-01T08:00:00')
    const during = await hammer(server.origin, '/', cookie, duration, connections, server.child.pid!)
    const second = await upload
    metrics.push(metric('dashboard during a 1.5 M-row upload: p99', during.p99, 'ms', '<= 1000'))
    metrics.push(metric('  dashboard during the upload: req/s', during.rps, 'req/s'))
    metrics.push(metric('  dashboard during the upload: errors + non-2xx', during.errors + during.non2xx, 'count', '<= 0'))
    metrics.push(metric('  the upload itself answered', second.status, 'HTTP'))
  } finally {
    if (server) await stopServer(server)
    if (!kept) await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return metrics
}
