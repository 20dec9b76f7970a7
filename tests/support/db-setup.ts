import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { beforeAll } from 'vitest'
import { getDbHandle, migrateDb, openDb, resultRows, setDbHandle } from '~db/client.server'
import { resetEnvCache } from '~/utils/env.server'

/**
 * Runs before every integration test file. The integration project runs with `isolate: false`, so a worker keeps its
 * modules — and this database — across files: it is created and migrated once per worker, and emptied before each file.
 */
const g = globalThis as typeof globalThis & { __mesTestDbReady?: Promise<void> }

Object.assign(process.env, { NODE_ENV: 'test', COOKIE_SECURE: 'false', SHOP_TIME_ZONE: 'Asia/Seoul', SETUP_CODE: 'test-setup-code-0123' })
resetEnvCache()

async function prepareWorkerDatabase() {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const name = `mes_test_${process.env.MES_TEST_RUN_ID ?? 'adhoc'}_${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}`
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(`create database "${name}"`)
    } finally {
      await admin.end()
    }
    const target = new URL(url)
    target.pathname = `/${name}`
    setDbHandle(openDb({ databaseUrl: target.toString(), poolMax: 5 }))
  } else {
    setDbHandle(openDb({ dataDir: 'memory://' }))
  }
  await migrateDb(getDbHandle())
}

export async function truncateAll() {
  const { db } = getDbHandle()
  const rows = await db.execute<{ tablename: string }>(
    // Every table of the app (drizzle keeps its migration journal in its own schema, so 'public' is all ours).
    sql`select tablename from pg_tables where schemaname = 'public'`,
  )
  const list = resultRows<{ tablename: string }>(rows).map((r) => `"${r.tablename}"`)
  if (list.length) await db.execute(sql.raw(`truncate ${list.join(', ')} restart identity cascade`))
}

beforeAll(async () => {
  g.__mesTestDbReady ??= prepareWorkerDatabase()
  await g.__mesTestDbReady
  await truncateAll()
})
