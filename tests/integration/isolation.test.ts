import { count } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, users } from '~db/schema'

// The worker's database is emptied before every test file (tests/support/db-setup.ts); this guards that promise.
test('every integration test file starts from an empty database', async () => {
  const [u] = await db.select({ n: count() }).from(users)
  const [a] = await db.select({ n: count() }).from(auditLog)
  expect({ users: u.n, audit: a.n }).toEqual({ users: 0, audit: 0 })
})
