/**
 * `npm run db:migrate`: applies the committed SQL migrations in drizzle/ to DATABASE_URL, or to the embedded database —
 * which it holds exclusively while it runs (refused if the server or another command has it), after checking it is whole.
 */
import { getDbHandle, migrateDb } from '../db/client.server'
import { dbCommand } from './db-command'

await dbCommand(async () => {
  const handle = getDbHandle()
  await migrateDb(handle)
  console.log(`migrations applied (${handle.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${process.env.DATA_DIR ?? './data'}`})`)
})
