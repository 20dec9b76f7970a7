/**
 * The one database handle. PostgreSQL through postgres-js when DATABASE_URL is set (production), otherwise an embedded
 * PGlite persisted under DATA_DIR (default ./data) so a fresh machine needs no server. Both give the same typed drizzle `Db`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, Record<string, never>>
/** Query code takes `DbOrTx` so the same function runs alone or inside a caller's transaction. */
export type DbOrTx = Db | Tx

export type DbHandle =
  | { kind: 'postgres'; db: Db; sql: postgres.Sql; close: () => Promise<void>; config: DbConfig }
  | { kind: 'pglite'; db: Db; pglite: PGlite; close: () => Promise<void> }

export interface DbConfig {
  databaseUrl?: string
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string
  poolMax?: number
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './data',
    poolMax: env.DB_POOL_MAX ? Number(env.DB_POOL_MAX) : 10,
  }
}

export function openDb(config: DbConfig): DbHandle {
  if (config.databaseUrl) {
    const client = postgres(config.databaseUrl, {
      max: config.poolMax ?? 10,
      idle_timeout: 30,
      connect_timeout: 5,
      max_lifetime: 60 * 30,
      onnotice: () => {},
      connection: { application_name: 'mes-lite' },
    })
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db
    return { kind: 'postgres', db, sql: client, close: () => client.end({ timeout: 5 }), config }
  }
  const dir = config.dataDir ?? './data'
  let dataDir: string | undefined
  if (dir !== 'memory://') {
    dataDir = path.resolve(dir, 'pglite')
    fs.mkdirSync(dataDir, { recursive: true })
  }
  // Options object form: `new PGlite(undefined, opts)` (in-memory) silently ignores opts.
  const pglite = new PGlite({ dataDir, extensions: { btree_gist } })
  const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as unknown as Db
  return { kind: 'pglite', db, pglite, close: () => pglite.close() }
}

/** The rows of a `db.execute(sql…)` result: postgres-js gives an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows
}

export const migrationsFolder = () => path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle')

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    await migratePostgres(handle.db as never, { migrationsFolder: migrationsFolder() })
  } else {
    await migratePglite(handle.db as never, { migrationsFolder: migrationsFolder() })
  }
}

// One handle per process, kept on globalThis so the dev server's rebuilds reuse it.
const g = globalThis as typeof globalThis & { __mesDb?: DbHandle }

export function getDbHandle(): DbHandle {
  g.__mesDb ??= openDb(configFromEnv())
  return g.__mesDb
}

/** Replace the process-wide handle (tests point it at a per-worker database). */
export function setDbHandle(handle: DbHandle | undefined) {
  g.__mesDb = handle
}

export async function closeDb(): Promise<void> {
  const h = g.__mesDb
  g.__mesDb = undefined
  if (h) await h.close()
}

/**
 * The typed drizzle database. A thin forwarder so modules can `import { db }` while the handle itself is opened lazily
 * (and swapped by tests).
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = getDbHandle().db as unknown as Record<PropertyKey, unknown>
    const value = real[prop]
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value
  },
})

// ---- lost connections ------------------------------------------------------------------------------------------------
// A connection that dies fails the queries and the transaction on it; the pool opens a new one for the next request
// (postgres-js 3.4.9 needs a patch for that: docs/decisions/010-postgres-js-patch.md).

/** Errors that mean the connection itself died (backend terminated, server restarted, socket closed mid-query). */
const LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', '57P01', '57P02', '57P03'])

export function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null
  return LOST.has(String(err?.code)) || LOST.has(String(err?.cause?.code))
}

/** True when the database answers within `timeoutMs`. */
export async function pingDb(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    const ping = getDbHandle().db.execute(sql`select 1`)
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
    })
    await Promise.race([ping, timeout])
    return true
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
