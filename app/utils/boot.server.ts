import { closeDb, getDbHandle, migrateDb } from '~db/client.server'
import { failAbandonedImports } from '~/models/vibration-import.server'
import { env } from './env.server'
import { purgeIdleSessions } from './session.server'

/** Runs once when the server starts: validates the environment, applies migrations and housekeeping. */
export async function boot(): Promise<{ database: string }> {
  const e = env()
  const handle = getDbHandle()
  await migrateDb(handle)
  await purgeIdleSessions()
  await failAbandonedImports()
  const database = handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${e.DATA_DIR}/pglite`
  return { database }
}

export async function shutdown(): Promise<void> {
  await closeDb()
}
