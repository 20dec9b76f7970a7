/**
 * Inventory benchmark (`npm run bench -- inventory`):
 * 1. the projected outlook (pure) for 200 filaments, 2,000 spools and 20,000 planned jobs — target ≤ 200 ms median;
 * 2. the inventory page's loader (/inventory: spool list + facets + outlook) on an in-memory PGlite seeded with the same
 *    200 filaments and 2,000 spools, called with a signed-in session as the integration tests do, beside a trivial
 *    loader (a trivial route: session check only) measured in the same run as the baseline.
 * The planned jobs cannot be seeded yet (the scheduling module owns them; plannedFilamentUse() returns []), so the
 * loader figure covers stock only; the pure outlook figure covers the full plan size.
 */
import { count } from 'drizzle-orm'
import { migrateDb, openDb, setDbHandle, db, closeDb } from '../db/client.server'
import { filaments, spools } from '../db/schema'
import { projectInventoryOutlook } from '../app/domain/inventory/projection'
import { mgToDbNumeric } from '../app/domain/inventory/mass'
import * as inventoryIndex from '../app/routes/inventory._index'
import { makeRequest, makeUser, sessionFor } from '../tests/support/app'
import { makeOutlookDataset, OUTLOOK_TARGET_SIZES } from './inventory-outlook'
import { medianMs, metric, type Metric } from './lib'
import { trivialRoute } from './trivial-route'

export default async function inventoryBench(args: string[]): Promise<Metric[]> {
  // Cold figures: the page read-model cache off (READ_CACHE=0), so every repeat reads and computes (issue 20 item 5).
  process.env.READ_CACHE = '0'
  const repeat = Number(args[0] ?? 7)
  const input = makeOutlookDataset(42, OUTLOOK_TARGET_SIZES)
  const outlookMs = await medianMs(() => projectInventoryOutlook(input), repeat, 2)

  // ---- the page loader on a seeded in-memory database ----
  Object.assign(process.env, { NODE_ENV: 'test', COOKIE_SECURE: 'false' })
  const handle = openDb({ dataDir: 'memory://' })
  setDbHandle(handle)
  await migrateDb(handle)
  const idOf = new Map<number | string, string>()
  const filamentRows = input.filaments.map((f) => ({
    material: f.material,
    colourName: f.colourName,
    colourHex: f.colourHex ?? '#000000',
    brand: f.brand ?? 'Generic',
    lowStockGrams: mgToDbNumeric(f.lowStockMg ?? 0),
  }))
  for (let i = 0; i < filamentRows.length; i += 500) {
    const rows = await db.insert(filaments).values(filamentRows.slice(i, i + 500)).returning({ id: filaments.id })
    rows.forEach((r, j) => idOf.set(input.filaments[i + j].id, r.id))
  }
  const spoolRows = input.spools.map((s) => {
    const date = s.receivedAt instanceof Date ? s.receivedAt.toISOString().slice(0, 10) : null
    const grams = mgToDbNumeric(s.remainingMg)
    return {
      filamentId: idOf.get(s.filamentId!)!,
      batch: s.batch ?? '',
      initialNetGrams: mgToDbNumeric(1_000_000),
      remainingGrams: grams,
      tareGrams: '250.0',
      receivedOn: date,
      status: s.status,
    }
  })
  for (let i = 0; i < spoolRows.length; i += 500) await db.insert(spools).values(spoolRows.slice(i, i + 500))
  const [{ n: spoolCount }] = await db.select({ n: count() }).from(spools)

  const user = await makeUser('viewer')
  const cookie = await sessionFor(user.id)
  const call = (mod: { loader: (a: never) => Promise<unknown> }, path: string) => () =>
    mod.loader({ request: makeRequest(path, { cookie }), params: {}, context: {} } as never)
  const baselineMs = await medianMs(call(trivialRoute, '/'), repeat, 2)
  const loaderMs = await medianMs(call(inventoryIndex, '/inventory?status=all'), repeat, 2)
  await closeDb()

  return [
    metric('outlook: filaments', OUTLOOK_TARGET_SIZES.filaments, 'count'),
    metric('outlook: spools', OUTLOOK_TARGET_SIZES.spools, 'count'),
    metric('outlook: planned jobs', OUTLOOK_TARGET_SIZES.jobs, 'count'),
    metric('outlook: projectInventoryOutlook median', outlookMs, 'ms', '<= 200'),
    metric('loader: seeded filaments', filamentRows.length, 'count'),
    metric('loader: seeded spools', spoolCount, 'count'),
    metric('loader baseline: trivial route (session check + one value) median', baselineMs, 'ms'),
    metric('loader: /inventory?status=all median', loaderMs, 'ms'),
    metric('loader: /inventory ÷ baseline', loaderMs / baselineMs, 'ratio'),
  ]
}
