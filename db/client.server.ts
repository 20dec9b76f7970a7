/**
 * The one database handle. PostgreSQL through postgres-js when DATABASE_URL is set (production), otherwise an embedded
 * PGlite persisted under DATA_DIR (default ./data) so a fresh machine needs no server. Both give the same typed drizzle `Db`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { amcheck } from '@electric-sql/pglite/contrib/amcheck'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { lockDataDir } from './data-dir-lock.server'
import { appliedMigrationCount, assertSchemaComplete, checkIndexes, DatabaseDamaged, migrationJournal, SchemaIncomplete, type Query } from './integrity.server'
import { finishInterruptedRestore } from './restore-swap.server'
import { liveEnv, parseEnv } from '~/utils/env.server'
import * as schema from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A transaction as `db.transaction` hands it to its callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Query code takes `DbOrTx` so the same function runs alone or inside a caller's transaction. */
export type DbOrTx = Db | Tx

export type DbHandle =
  | { kind: 'postgres'; db: Db; sql: postgres.Sql; close: () => Promise<void>; config: DbConfig & { databaseUrl: string } }
  /** `dataDir`: the PGlite folder (DATA_DIR/pglite), undefined in memory. */
  | { kind: 'pglite'; db: Db; pglite: PGlite; close: () => Promise<void>; dataDir?: string }

export interface DbConfig {
  databaseUrl?: string
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string
  poolMax?: number
}

/** The database settings of an environment, validated by the app's one schema (a bad value throws, naming it). */
export function configFromEnv(source: Record<string, string | undefined> = process.env): DbConfig {
  const parsed = parseEnv(source)
  if (!parsed.ok) throw new Error(parsed.message)
  const { DATABASE_URL, DATA_DIR, DB_POOL_MAX } = parsed.env
  return { databaseUrl: DATABASE_URL, dataDir: DATA_DIR, poolMax: DB_POOL_MAX }
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
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as Db
    return { kind: 'postgres', db, sql: client, close: () => client.end({ timeout: 5 }), config: { ...config, databaseUrl: config.databaseUrl } }
  }
  const dir = config.dataDir ?? './data'
  if (dir === 'memory://') {
    // Options object form: `new PGlite(undefined, opts)` (in-memory) silently ignores opts.
    const pglite = new PGlite({ extensions: { btree_gist } })
    const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as Db
    return { kind: 'pglite', db, pglite, close: () => pglite.close() }
  }
  // The folder belongs to this process until the handle is closed (or the process ends): a second process is refused
  // here, before it reads a byte of the database (db/data-dir-lock.server.ts).
  const lock = lockDataDir(dir)
  try {
    finishInterruptedRestore(path.resolve(dir))
    const dataDir = path.resolve(dir, 'pglite')
    fs.mkdirSync(dataDir, { recursive: true })
    const pglite = new PGlite({ dataDir, extensions: { btree_gist, amcheck } })
    const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as Db
    const close = async () => {
      try {
        await pglite.close()
      } finally {
        lock.release()
      }
    }
    return { kind: 'pglite', db, pglite, close, dataDir }
  } catch (e) {
    lock.release()
    throw e
  }
}

/** The rows of a `db.execute(sql…)` result: postgres-js gives an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows
}

export const migrationsFolder = () => path.resolve(liveEnv('MIGRATIONS_DIR'))

/** One raw statement on the handle's database (the integrity checks use it on both backends). */
export function rawQuery(handle: DbHandle): Query {
  if (handle.kind === 'postgres') return async <T,>(text: string, params: unknown[] = []) => await handle.sql.unsafe<T[]>(text, params as never[])
  return async <T,>(text: string, params: unknown[] = []) => (await handle.pglite.query<T>(text, params)).rows
}

/** Refuses an embedded database whose indexes do not match its tables (amcheck; see db/integrity.server.ts). */
export async function assertEmbeddedIntact(handle: DbHandle): Promise<void> {
  if (handle.kind !== 'pglite' || !handle.dataDir) return
  const problems = await checkIndexes(rawQuery(handle))
  if (problems.length) throw new DatabaseDamaged(handle.dataDir, problems)
}

/**
 * Applies the committed migrations — after checking that the database is whole: an embedded folder's indexes match its
 * tables, and what earlier migrations created is all there — and checks again after: every constraint and index the
 * migrations define is present. A database that fails is refused (`DatabaseDamaged`, `SchemaIncomplete`, each saying how
 * to restore), so the server, `db:migrate` and `db:seed` never build on a damaged or half-restored database.
 */
export async function migrateDb(handle: DbHandle): Promise<void> {
  const query = rawQuery(handle)
  await assertEmbeddedIntact(handle)
  const applied = await appliedMigrationCount(query)
  if (applied > 0) await assertSchemaComplete(query, migrationsFolder(), Math.min(applied, migrationJournal(migrationsFolder()).entries.length))
  else {
    const [{ n }] = await query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname = 'public'`)
    if (n > 0) throw new SchemaIncomplete([], `it has ${n} tables but no record of any migration.`)
  }
  if (handle.kind === 'postgres') {
    await migratePostgres(handle.db as never, { migrationsFolder: migrationsFolder() })
  } else {
    await migratePglite(handle.db as never, { migrationsFolder: migrationsFolder() })
  }
  await assertSchemaComplete(query, migrationsFolder())
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
    const real = getDbHandle().db
    const value: unknown = Reflect.get(real, prop)
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
