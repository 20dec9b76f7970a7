/**
 * `npm run bench -- load [--duration 20] [--connections 20] [--scale 1]`: the production build (`node server.mjs`,
 * PostgreSQL, 127.0.0.1 only — the harness refuses any other host) under autocannon, signed in, on each main page and on
 * /healthz as the ceiling, with a shop of realistic size: 10,000 orders, 100,000 recorded/planned print jobs, 50
 * printers, 2,000 spools, 1.5 M vibration rows (the 8 seed recordings, uploaded through the form). Then the dashboard
 * again while another 1.5 M-row upload runs. Prints req/s, p50/p97.5/p99, errors and each page's req/s ÷ the ceiling's.
 * Targets: 0 errors, p99 ≤ 250 ms; p99 ≤ 1 s during the upload. A scratch database, dropped at the end.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { createRng } from '../tests/fixtures/rng'
import { metric, type Metric } from './lib'
import { ADMIN_URL, dbUrl, ensureBuild, setupAdmin, startServer, stopServer, uploadAll } from './server-harness'
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
  // 100,000 jobs: per printer a chain of 40-minute plates every 45 minutes, done in the past, one printing now, the rest
  // planned ahead; a few failed and cancelled. No two live jobs overlap (the database would refuse them).
  const filamentOf = new Map(productRows.map((p) => [p.id, filamentRows.find((f) => f.id === p.filament_id)!]))
  const perPrinter = Math.round(n(100_000) / printerRows.length)
  const now = Date.now()
  const start0 = now - (perPrinter - 40) * 45 * 60_000
  const rows: Array<Record<string, unknown>> = []
  const flush = async () => {
    if (!rows.length) return
    await sql`insert into print_jobs ${sql(rows.splice(0))}`
  }
  for (const [p, printer] of printerRows.entries()) {
    for (let i = 0; i < perPrinter; i++) {
      const order = orderRows[Math.floor(rand() * orderRows.length)]
      const f = filamentOf.get(order.product_id)!
      const startsAt = new Date(start0 + i * 45 * 60_000 + p * 60_000)
      const endsAt = new Date(startsAt.getTime() + 40 * 60_000)
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
        minutes_per_plate: 40,
        grams_per_unit: '10.00',
        filament_id: f.id,
        material: f.material,
        colour: f.colour_name,
        actual_start: finished || printing ? startsAt : null,
        actual_end: finished ? endsAt : null,
        good_units: good,
        scrap_units: finished ? (status === 'failed' ? 4 : Math.floor(r * 2)) : null,
        grams_used: finished ? String(40 + Math.floor(r * 10)) : null,
      })
      if (rows.length >= 2000) await flush()
    }
  }
  await flush()
  await sql`analyze`
}

interface Run {
  rps: number
  p50: number
  p975: number
  p99: number
  errors: number
  non2xx: number
  requests: number
}

async function hammer(origin: string, pathName: string, cookie: string, duration: number, connections: number): Promise<Run> {
  const r = await autocannon({ url: `${origin}${pathName}`, connections, duration, headers: { cookie }, timeout: 10 })
  return { rps: r.requests.average, p50: r.latency.p50, p975: r.latency.p97_5, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total }
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
  const dbName = `mes_load_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${dbName}"`)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-load-'))
  const metrics: Metric[] = []
  let server: Awaited<ReturnType<typeof startServer>> | null = null
  try {
    server = await startServer(dbName, { LOG_REQUESTS: '0' })
    const cookie = await setupAdmin(server)
    const sql = postgres(dbUrl(dbName), { max: 2, onnotice: () => {} })
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
    await sql.end()

    const ceiling = await hammer(server.origin, '/healthz', cookie, duration, connections)
    metrics.push(metric('ceiling: /healthz req/s', ceiling.rps, 'req/s'))
    metrics.push(metric('ceiling: /healthz p99', ceiling.p99, 'ms'))
    for (const [label, pathName] of PAGES) {
      const r = await hammer(server.origin, pathName, cookie, duration, connections)
      metrics.push(metric(`${label} (${pathName}): req/s`, r.rps, 'req/s'))
      metrics.push(metric(`  ${label}: ratio to the ceiling`, r.rps / ceiling.rps, 'ratio'))
      metrics.push(metric(`  ${label}: p50 / p97.5`, r.p50, `ms (p97.5 ${r.p975} ms)`))
      metrics.push(metric(`  ${label}: p99`, r.p99, 'ms', '<= 250'))
      metrics.push(metric(`  ${label}: errors + non-2xx of ${r.requests}`, r.errors + r.non2xx, 'count', '<= 0'))
    }

    // The dashboard while a second 1.5 M-row upload streams in.
    const files2 = await writeDataset(path.join(tmp, 'b'), rowsPerFile, 2)
    const upload = uploadAll(server, cookie, files2, '2025-02-01T08:00:00')
    const during = await hammer(server.origin, '/', cookie, duration, connections)
    const second = await upload
    metrics.push(metric('dashboard during a 1.5 M-row upload: p99', during.p99, 'ms', '<= 1000'))
    metrics.push(metric('  dashboard during the upload: req/s', during.rps, 'req/s'))
    metrics.push(metric('  dashboard during the upload: errors + non-2xx', during.errors + during.non2xx, 'count', '<= 0'))
    metrics.push(metric('  the upload itself answered', second.status, 'HTTP'))
  } finally {
    if (server) await stopServer(server)
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return metrics
}
