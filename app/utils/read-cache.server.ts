/**
 * Read-model cache for the heavy page loaders (dashboard, statistics, Gantt, order board, inventory, vibration overview),
 * keyed by the database snapshot: two reads under the same `pg_current_snapshot()` see exactly the same committed data
 * (same xmin, xmax and in-progress list ⇒ same visible transactions), so a cached result is never stale with respect to
 * the data — any commit anywhere (this instance, another instance, psql) changes the snapshot and misses the cache. Reads
 * do not assign transaction ids, so a busy shop of readers keeps hitting; each write costs one recomputation per page.
 *
 * Time-dependent views put their own time bucket in `params` (e.g. "now" rounded to 10 s) and compute with that bucket's
 * instant, so a result is a pure function of (params, snapshot). Concurrent misses for one key share one computation.
 * The snapshot is read before computing: a commit landing in between makes the result newer than its key, which is
 * harmless (that key can never be seen again once the commit is visible).
 *
 * `READ_CACHE=0` turns it off (every call computes).
 */
import { sql } from 'drizzle-orm'
import { LRUCache } from 'lru-cache'
import { getDbHandle, resultRows, type DbHandle } from '~db/client.server'
import { liveEnv } from './env.server'
import { countReadCache } from './metrics.server'

const caches = new WeakMap<DbHandle, LRUCache<string, { value: Promise<unknown> }>>()

function cacheFor(handle: DbHandle) {
  let cache = caches.get(handle)
  if (!cache) {
    // Entries are small read models (a few hundred KB at most); 300 of them bound the memory, 2 minutes bound the life of
    // results nobody asks for again.
    cache = new LRUCache({ max: 300, ttl: 120_000 })
    caches.set(handle, cache)
  }
  return cache
}

/** The current snapshot as text, e.g. `7519:7523:7520`. */
export async function dataSnapshot(handle: DbHandle = getDbHandle()): Promise<string> {
  const [row] = resultRows<{ s: string }>(await handle.db.execute(sql`select pg_current_snapshot()::text as s`))
  return String(row.s)
}

/** Whether the read caches are on (`READ_CACHE`, read afresh: tests and benches flip it); the chart memo follows it too. */
export function readCacheEnabled(): boolean {
  return liveEnv('READ_CACHE')
}

/**
 * `compute()` once per (name, params, snapshot). `params` must hold everything the result depends on besides the data
 * (filters, locale-independent options, the time bucket).
 */
export async function cachedRead<T>(name: string, params: string, compute: (key: string | null) => Promise<T>): Promise<T> {
  if (!readCacheEnabled()) return compute(null)
  const handle = getDbHandle()
  const cache = cacheFor(handle)
  const key = `${name}\u0000${params}\u0000${await dataSnapshot(handle)}`
  const hit = cache.get(key)
  if (hit) {
    countReadCache(name, 'hit')
    return hit.value as Promise<T>
  }
  countReadCache(name, 'miss')
  // The key names exactly this result, so a view may use it to memoise what it renders from it (null: no cache).
  const value = compute(key)
  cache.set(key, { value })
  // A failed computation is not remembered.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key)
  })
  return value
}

/** `now` rounded down to a multiple of `ms` — the instant time-dependent cached views compute with. */
export function timeBucket(now: Date, ms: number): Date {
  return new Date(Math.floor(now.getTime() / ms) * ms)
}
