/** `npm run db:migrate`: applies the committed SQL migrations in drizzle/ to DATABASE_URL, or to the embedded database. */
import { closeDb, getDbHandle, migrateDb } from '../db/client.server'

const handle = getDbHandle()
await migrateDb(handle)
console.log(`migrations applied (${handle.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${process.env.DATA_DIR ?? './data'}`})`)
await closeDb()
