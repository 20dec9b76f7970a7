import net from 'node:net'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db, getDbHandle, isConnectionLost, migrateDb, noteDatabaseError, openDb, resultRows, setDbHandle, type DbHandle } from '~db/client.server'
import { printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { handleError } from '~/entry.server'
import * as healthz from '~/routes/healthz'

/**
 * Fault tests on PostgreSQL (CI sets TEST_DATABASE_URL): a backend killed inside a transaction, and the database going
 * away and coming back (a TCP proxy between the app and PostgreSQL that we cut and restore).
 */
const adminUrl = process.env.TEST_DATABASE_URL
const suffix = randomBytes(4).toString('hex')
const dbName = `mes_faults_${suffix}`
const urlFor = (host: string, port: number) => {
  const u = new URL(adminUrl!)
  u.hostname = host
  u.port = String(port)
  u.pathname = `/${dbName}`
  return u.toString()
}

/** A TCP proxy to PostgreSQL that can be cut (all sockets destroyed, new ones refused) and restored on the same port. */
function makeProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  let port = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host)
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => s.destroy())
        }
        client.pipe(upstream).pipe(client)
      })
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port
        resolve()
      })
    })
  return {
    start: listen,
    get port() {
      return port
    },
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        if (server) server.close(() => resolve())
        else resolve()
        server = null
      }),
  }
}

const withTimeout = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<never>((_, r) => setTimeout(() => r(new Error(`timeout ${ms} ms`)), ms))])

describe.runIf(!!adminUrl)('faults (PostgreSQL)', () => {
  let previous: DbHandle
  let admin: postgres.Sql

  beforeAll(async () => {
    previous = getDbHandle()
    admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${dbName}"`)
    const u = new URL(adminUrl!)
    const handle = openDb({ databaseUrl: urlFor(u.hostname, Number(u.port || 5432)), poolMax: 3 })
    await migrateDb(handle)
    setDbHandle(handle)
  })

  afterAll(async () => {
    await getDbHandle().close().catch(() => {})
    setDbHandle(previous)
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
  })

  test('a backend killed mid-transaction: the transaction fails, nothing is kept, the process and the pool carry on', async () => {
    const request = new Request('http://localhost/printers/new', { method: 'POST' })
    for (let round = 0; round < 5; round++) {
      const attempt = db.transaction(async (tx) => {
        await tx.insert(printers).values({ assetId: `KILL-${round}`, name: 'Killed', calendar: calendarPreset('always') })
        const result = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)
        const pid = resultRows<{ pid: number }>(result)[0].pid
        await admin`select pg_terminate_backend(${pid})`
        await tx.insert(printers).values({ assetId: `KILL-${round}-B`, name: 'Killed', calendar: calendarPreset('always') })
      })
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      )
      expect(error, `round ${round}`).not.toBeNull()
      expect(isConnectionLost(error)).toBe(true)
      // The route's error reaches Remix's handleError (the user sees the generic error page); that recycles the pool.
      handleError(error, { request })
      // The next request works, and the killed transaction left nothing behind.
      const rows = await withTimeout(db.select({ id: printers.id }).from(printers), 5000)
      expect(rows).toHaveLength(0)
      await new Promise((r) => setTimeout(r, 250))
    }
    // A good transaction afterwards commits normally.
    await db.insert(printers).values({ assetId: 'AFTER', name: 'After', calendar: calendarPreset('always') })
    expect(await db.select({ id: printers.id }).from(printers)).toHaveLength(1)
  }, 60_000)

  test('database gone: /healthz says 503 within 2 s; back again: the app recovers by itself', async () => {
    const u = new URL(adminUrl!)
    const proxy = makeProxy({ host: u.hostname, port: Number(u.port || 5432) })
    await proxy.start()
    const before = getDbHandle()
    const handle = openDb({ databaseUrl: urlFor('127.0.0.1', proxy.port), poolMax: 3 })
    setDbHandle(handle)
    try {
      const health = async () => (await healthz.loader()) as Response
      expect((await health()).status).toBe(200)

      await proxy.cut()
      const t0 = performance.now()
      const down = await health()
      expect(down.status).toBe(503)
      expect(await down.json()).toEqual({ status: 'degraded', database: 'down' })
      expect(performance.now() - t0).toBeLessThan(2500)
      // A page's query fails (the route shows the friendly error page), the process stays up.
      const failed = await withTimeout(
        db.select({ id: printers.id }).from(printers).then(
          () => null,
          (e: unknown) => e,
        ),
        8000,
      )
      expect(failed).not.toBeNull()
      noteDatabaseError(failed)

      await proxy.start()
      let recovered = false
      for (let i = 0; i < 40 && !recovered; i++) {
        recovered = (await health()).status === 200
        if (!recovered) await new Promise((r) => setTimeout(r, 250))
      }
      expect(recovered).toBe(true)
      expect(await withTimeout(db.select({ id: printers.id }).from(printers), 5000)).toHaveLength(1)
    } finally {
      await getDbHandle().close().catch(() => {})
      setDbHandle(before)
      await proxy.cut()
    }
  }, 60_000)
})
