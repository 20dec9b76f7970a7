/**
 * Prometheus metrics (`GET /metrics`, read-scope API token): request durations by method, area and status class (the
 * Express layer calls `observeRequest` for every response), Node process figures, database reachability and ping time,
 * and a few domain gauges read at scrape time (vibration imports by status, diagnosis jobs, print jobs by status).
 */
import { sql } from 'drizzle-orm'
import client from 'prom-client'
import { db, getDbHandle, pingDb, resultRows } from '~db/client.server'

export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry, prefix: 'mes_' })

const httpDuration = new client.Histogram({
  name: 'mes_http_request_duration_seconds',
  help: 'HTTP request duration by method, first path segment and status class',
  labelNames: ['method', 'area', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
})

const KNOWN_AREAS = new Set(['', 'orders', 'products', 'schedule', 'inventory', 'printers', 'statistics', 'vibration', 'admin', 'api', 'login', 'logout', 'setup', 'healthz', 'metrics', 'build', 'language'])

/** First path segment, from a fixed list (so a scanner cannot blow up the label set). */
export function areaOf(pathname: string): string {
  const first = pathname.split('/')[1] ?? ''
  return KNOWN_AREAS.has(first) ? first || 'home' : 'other'
}

export function observeRequest(method: string, pathname: string, status: number, seconds: number) {
  httpDuration.observe({ method: ['GET', 'POST', 'HEAD'].includes(method) ? method : 'other', area: areaOf(pathname), status: `${Math.floor(status / 100)}xx` }, seconds)
}

new client.Gauge({
  name: 'mes_db_up',
  help: '1 when the database answered a ping within 2 s',
  registers: [registry],
  async collect() {
    const t0 = performance.now()
    const ok = await pingDb(2000)
    this.set(ok ? 1 : 0)
    dbPing.set((performance.now() - t0) / 1000)
  },
})
const dbPing = new client.Gauge({ name: 'mes_db_ping_seconds', help: 'Time of the last database ping', registers: [registry] })
new client.Gauge({
  name: 'mes_db_pool_max',
  help: 'Maximum connections of the PostgreSQL pool (1 for the embedded database)',
  registers: [registry],
  collect() {
    const h = getDbHandle()
    this.set(h.kind === 'postgres' ? h.sql.options.max : 1)
  },
})

async function countsBy(table: string, column: string): Promise<Array<{ key: string; n: number }>> {
  const rows = resultRows<{ key: string; n: number }>(await db.execute(sql.raw(`select ${column}::text as key, count(*)::int as n from ${table} group by 1`)))
  return rows.map((r) => ({ key: String(r.key), n: Number(r.n) }))
}

function tableGauge(name: string, help: string, table: string, column: string) {
  new client.Gauge({
    name,
    help,
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      try {
        for (const r of await countsBy(table, column)) this.set({ status: r.key }, r.n)
      } catch {
        // database down or table missing: mes_db_up says so
      }
    },
  })
}
tableGauge('mes_vibration_imports', 'Vibration imports by status', 'vibration_imports', 'status')
tableGauge('mes_print_jobs', 'Print jobs by status', 'print_jobs', 'status')

export const metricsContentType = registry.contentType

const readCache = new client.Counter({
  name: 'mes_read_cache_total',
  help: 'Page read-model cache lookups by view and outcome (app/utils/read-cache.server.ts)',
  labelNames: ['view', 'outcome'] as const,
  registers: [registry],
})

export function countReadCache(view: string, outcome: 'hit' | 'miss') {
  readCache.inc({ view, outcome })
}

// ---- live printers (issue 18): counted by the poller (app/models/printers/live/poller.server.ts) ----------------------
const printerEvents = {
  message: new client.Counter({ name: 'mes_printer_messages_total', help: 'Messages received from connected printers, by connection type', labelNames: ['type'] as const, registers: [registry] }),
  reconnect: new client.Counter({ name: 'mes_printer_reconnects_total', help: 'Reconnect attempts to printers after a lost or failed connection, by type', labelNames: ['type'] as const, registers: [registry] }),
  parse_error: new client.Counter({ name: 'mes_printer_parse_errors_total', help: 'Printer messages that could not be read, by connection type', labelNames: ['type'] as const, registers: [registry] }),
}
const printersConnected = new client.Gauge({ name: 'mes_printers_connected', help: 'Printers with a live connection on this instance, by type', labelNames: ['type'] as const, registers: [registry] })

export function countPrinterEvent(event: keyof typeof printerEvents, type: string) {
  printerEvents[event].inc({ type })
}

export function setPrintersConnected(counts: Record<string, number>) {
  printersConnected.reset()
  for (const [type, n] of Object.entries(counts)) printersConnected.set({ type }, n)
}
