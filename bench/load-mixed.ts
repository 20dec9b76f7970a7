/**
 * The mixed scenario of `npm run bench -- load`: a shop at work. `connections` closed loops, each a tablet that views
 * the main pages (85 %) and writes (15 %) through the same forms a person uses: record a print's output (finish the
 * printing job of one of "its" printers, or start the next one when none prints), weigh a spool, move a job (the last
 * planned one of its printer, 15 minutes later), create an order. Each tablet has its own printers and spools, as
 * operators at different benches, so refusals are rare; a refusal (409/400/404) is counted, never an error. Errors are
 * 5xx, timeouts and broken connections. What the tablet "saw" (a job's id and version) is read from the database before
 * each write, as the page it came from would have shown it; that read is the client's cost, not the server's.
 */
import postgres from 'postgres'
import { formatWallClock } from '../app/utils/format'
import { createRng } from '../tests/fixtures/rng'

export interface LabelStats {
  label: string
  count: number
  p50: number
  p99: number
  errors: number
  refused: number
}

export interface MixedRun {
  perLabel: LabelStats[]
  requests: number
  errors: number
  refused: number
  seconds: number
}

interface Ctx {
  origin: string
  cookie: string
  sql: postgres.Sql
  printers: string[]
  spools: string[]
  products: string[]
  timeZone: string
  seq: () => number
}

/** `prepare` reads what the tablet would have on screen and returns the request to send (null: nothing to do now). */
type Send = () => Promise<Response>
type Step = { label: string; prepare: (ctx: Ctx, rand: () => number) => Promise<Send | null> }

const pick = <T>(list: T[], rand: () => number) => list[Math.floor(rand() * list.length)]
/** The tablet's own share of a list (tablet t of n takes every n-th item). */
const share = <T>(list: T[], tablet: number, n: number) => list.filter((_, i) => i % n === tablet)

/** What a tablet's browser sends: its pages come compressed, which is part of what a request costs the server. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br'

function post(ctx: Ctx, url: string, body: URLSearchParams | FormData): Send {
  return () => fetch(`${ctx.origin}${url}`, { method: 'POST', redirect: 'manual', headers: { cookie: ctx.cookie, Origin: ctx.origin, 'accept-encoding': BROWSER_ACCEPT_ENCODING }, body, signal: AbortSignal.timeout(10_000) })
}

const WRITES: Step[] = [
  {
    label: 'write: record output / start',
    prepare: async (ctx, rand) => {
      const printer = pick(ctx.printers, rand)
      const [printing] = await ctx.sql<{ id: string; version: number; units: number }[]>`
        select id, version, units from print_jobs where printer_id = ${printer} and status = 'printing' limit 1`
      if (printing) {
        return post(ctx, `/schedule/jobs/${printing.id}`, new URLSearchParams({ intent: 'finish', version: String(printing.version), outcome: 'done', goodUnits: String(printing.units), scrapUnits: '0' }))
      }
      const [next] = await ctx.sql<{ id: string; version: number }[]>`
        select id, version from print_jobs where printer_id = ${printer} and status = 'planned' order by starts_at limit 1`
      return next ? post(ctx, `/schedule/jobs/${next.id}`, new URLSearchParams({ intent: 'start', version: String(next.version) })) : null
    },
  },
  {
    label: 'write: weigh a spool',
    prepare: async (ctx, rand) => {
      const [s] = await ctx.sql<{ id: string; version: number; gross: string }[]>`
        select id, version, (remaining_grams + tare_grams - 1)::text as gross from spools where id = ${pick(ctx.spools, rand)}`
      return post(ctx, `/inventory/spools/${s.id}`, new URLSearchParams({ intent: 'weigh', version: String(s.version), grossGrams: s.gross, reason: '' }))
    },
  },
  {
    label: 'write: move a job',
    prepare: async (ctx, rand) => {
      const printer = pick(ctx.printers, rand)
      const [last] = await ctx.sql<{ id: string; version: number; starts_at: Date }[]>`
        select id, version, starts_at from print_jobs where printer_id = ${printer} and status = 'planned' order by starts_at desc limit 1`
      if (!last) return null
      const start = formatWallClock(last.starts_at.getTime() + 15 * 60_000, ctx.timeZone).slice(0, 16)
      return post(ctx, `/schedule/jobs/${last.id}`, new URLSearchParams({ intent: 'move', version: String(last.version), printerId: printer, start, end: '' }))
    },
  },
  {
    label: 'write: create an order',
    prepare: async (ctx, rand) => {
      const form = new FormData()
      form.set('reference', `MIX-${process.pid}-${ctx.seq()}`)
      form.set('customer', 'Bench')
      form.set('productId', pick(ctx.products, rand))
      form.set('targetQuantity', '12')
      form.set('stockOnHand', '0')
      form.set('priority', '1')
      return post(ctx, '/orders/new', form)
    },
  },
]

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** Runs the mixed load for `seconds`; `pages` are [label, path] of the page views (equally likely). */
export async function runMixed(opts: {
  origin: string
  cookie: string
  dbUrl: string
  pages: Array<[string, string]>
  connections: number
  seconds: number
  writeShare?: number
  timeZone?: string
}): Promise<MixedRun> {
  const sql = postgres(opts.dbUrl, { max: 4, onnotice: () => {} })
  try {
    const printers = (await sql<{ id: string }[]>`select id from printers order by asset_id`).map((r) => r.id)
    const spools = (await sql<{ id: string }[]>`select id from spools where status = 'active' and remaining_grams > 50 order by id`).map((r) => r.id)
    const products = (await sql<{ id: string }[]>`select id from products order by id`).map((r) => r.id)
    let n = 0
    const base = { origin: opts.origin, cookie: opts.cookie, sql, products, timeZone: opts.timeZone ?? 'Asia/Seoul', seq: () => ++n }
    const times = new Map<string, number[]>()
    const errors = new Map<string, number>()
    const refused = new Map<string, number>()
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
    const until = Date.now() + opts.seconds * 1000
    const writeShare = opts.writeShare ?? 0.15
    const tablet = async (t: number) => {
      const rand = createRng(1000 + t)
      const ctx: Ctx = { ...base, printers: share(printers, t, opts.connections), spools: share(spools, t, opts.connections) }
      while (Date.now() < until) {
        const writing = rand() < writeShare
        const step: Step = writing
          ? pick(WRITES, rand)
          : (() => {
              const [label, path] = pick(opts.pages, rand)
              const send: Send = () => fetch(`${opts.origin}${path}`, { headers: { cookie: opts.cookie, 'accept-encoding': BROWSER_ACCEPT_ENCODING }, redirect: 'manual', signal: AbortSignal.timeout(10_000) })
              return { label, prepare: async () => send }
            })()
        try {
          const send = await step.prepare(ctx, rand)
          if (!send) continue
          const t0 = performance.now()
          const res = await send()
          await res.arrayBuffer()
          const ms = performance.now() - t0
          if (!times.has(step.label)) times.set(step.label, [])
          times.get(step.label)!.push(ms)
          // A redirect to the sign-in page means the session was lost: an error, like a 5xx.
          if (res.status >= 500 || (res.headers.get('location') ?? '').startsWith('/login')) bump(errors, step.label)
          else if (res.status >= 400) {
            bump(refused, step.label)
            if (process.env.BENCH_VERBOSE) console.error(step.label, res.status)
          }
        } catch (e) {
          if (process.env.BENCH_VERBOSE) console.error(step.label, e)
          bump(errors, step.label)
        }
      }
    }
    const t0 = performance.now()
    await Promise.all(Array.from({ length: opts.connections }, (_, t) => tablet(t)))
    const seconds = (performance.now() - t0) / 1000
    // Every label that answered or failed (a request that never answered has no time but counts as an error).
    const labels = [...new Set([...times.keys(), ...errors.keys()])].sort((a, b) => a.localeCompare(b))
    const perLabel = labels.map((label) => {
      const sorted = (times.get(label) ?? []).sort((a, b) => a - b)
      return { label, count: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors: errors.get(label) ?? 0, refused: refused.get(label) ?? 0 }
    })
    const sum = (k: 'count' | 'errors' | 'refused') => perLabel.reduce((a, s) => a + s[k], 0)
    return { perLabel, requests: sum('count'), errors: sum('errors'), refused: sum('refused'), seconds }
  } finally {
    await sql.end()
  }
}
