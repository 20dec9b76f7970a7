import postgres from 'postgres'

/**
 * Integration tests run on embedded PGlite by default and on PostgreSQL when TEST_DATABASE_URL is set. For PostgreSQL,
 * every worker gets its own database named after this run (created and migrated once by the worker, see db-setup.ts);
 * they are all dropped when the run ends.
 */
export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
  process.env.MES_TEST_RUN_ID = runId
  const url = process.env.TEST_DATABASE_URL
  return async () => {
    if (!url) return
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    try {
      const dbs = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`mes_test_${runId}_%`}`
      for (const { datname } of dbs) await admin.unsafe(`drop database if exists "${datname}" with (force)`)
    } finally {
      await admin.end()
    }
  }
}
