import net from 'node:net'
import { randomBytes } from 'node:crypto'
import { inArray, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { db, getDbHandle, isConnectionLost, migrateDb, openDb, resultRows, setDbHandle, type DbHandle, type DbOrTx } from '~db/client.server'
import { printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { handleError } from '~/entry.server'
import * as healthz from '~/routes/healthz'

/**
 * Fault tests on PostgreSQL (CI sets TEST_DATABASE_URL): a backend killed inside a transaction, and the database going
 * away and coming back (a TCP proxy between the app and PostgreSQL that we cut and restore). The ones about killed
 * backends prove the postgres-js patch (docs/decisions/010-postgres-js-patch.md).
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
/** What a promise rejected with, or null once it resolved. */
const settled = (p: PromiseLike<unknown>) => Promise.resolve(p).then(
  () => null,
  (e: unknown) => e,
)
const printer = (assetId: string, name = 'Killed') => ({ assetId, name, calendar: calendarPreset('always') })
const POOL_MAX = 3

describe.runIf(!!adminUrl)('faults (PostgreSQL)', () => {
  let previous: DbHandle
  let admin: postgres.Sql

  beforeAll(async () => {
    previous = getDbHandle()
    admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${dbName}"`)
    const u = new URL(adminUrl!)
    const handle = openDb({ databaseUrl: urlFor(u.hostname, Number(u.port || 5432)), poolMax: POOL_MAX })
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
      // The route's error reaches Remix's handleError, which only logs it (the user sees the generic error page).
      handleError(error, { request })
      // The next request works on the same pool, and the killed transaction left nothing behind.
      const rows = await withTimeout(db.select({ id: printers.id }).from(printers), 5000)
      expect(rows).toHaveLength(0)
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
      // The ping gives up after its own 2 s timeout (a hang would fail this test by its time limit), then answers 503.
      const down = await health()
      expect(down.status).toBe(503)
      expect(await down.json()).toEqual({ status: 'degraded', database: 'down' })
      // A page's query fails (the route shows the friendly error page), the process stays up.
      const failed = await withTimeout(
        db.select({ id: printers.id }).from(printers).then(
          () => null,
          (e: unknown) => e,
        ),
        8000,
      )
      expect(failed).not.toBeNull()

      await proxy.start()
      await expect.poll(async () => (await health()).status, { timeout: 10_000, interval: 250 }).toBe(200)
      expect(await withTimeout(db.select({ id: printers.id }).from(printers), 5000)).toHaveLength(1)
    } finally {
      await getDbHandle().close().catch(() => {})
      setDbHandle(before)
      await proxy.cut()
    }
  }, 60_000)

  test('a query on a reserved connection whose backend died, inside its transaction, fails with CONNECTION_CLOSED instead of hanging', async () => {
    // postgres-js straight, as in porsager/postgres#1208: the write goes to a connection whose socket is already gone.
    const u = new URL(adminUrl!)
    let closed!: () => void
    const gone = new Promise<void>((resolve) => (closed = resolve))
    const client = postgres(urlFor(u.hostname, Number(u.port || 5432)), { max: 1, onnotice: () => {}, onclose: () => closed() })
    try {
      const reserved = await client.reserve()
      await reserved`begin`
      const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`
      await admin`select pg_terminate_backend(${pid})`
      await gone
      const error = await withTimeout(settled(reserved`insert into printers (asset_id, name, calendar) values ('RESERVED', 'Killed', '{}')`), 5000)
      expect(error).toMatchObject({ code: 'CONNECTION_CLOSED' })
    } finally {
      await client.end({ timeout: 0 })
    }
    expect(await db.select({ id: printers.id }).from(printers).where(inArray(printers.assetId, ['RESERVED']))).toHaveLength(0)
  }, 30_000)

  test('a statement sent in a transaction whose connection died fails with a connection error: no hang, nothing outside the transaction', async () => {
    const pool = getDbHandle()
    const ids: string[] = []
    for (let round = 0; round < 3; round++) {
      let finish!: (late: unknown[]) => void
      const late = new Promise<unknown[]>((resolve) => (finish = resolve))
      const attempt: Promise<void> = db.transaction(async (tx) => {
        const pid = resultRows<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0].pid
        await admin`select pg_terminate_backend(${pid})`
        // The transaction fails as soon as its connection closes; the code inside it carries on, as a route's would.
        await settled(attempt)
        const errors = [await settled(tx.insert(printers).values(printer(`LATE-${round}-A`)))]
        // As many requests as the pool has connections: the closed one is connected again, for other work.
        await Promise.all(Array.from({ length: POOL_MAX }, () => db.execute(sql`select 1`)))
        errors.push(await settled(tx.insert(printers).values(printer(`LATE-${round}-B`))))
        finish(errors)
      })
      ids.push(`LATE-${round}-A`, `LATE-${round}-B`)
      expect(isConnectionLost(await settled(attempt)), `round ${round}`).toBe(true)
      const errors = await withTimeout(late, 10_000)
      expect(errors.map(isConnectionLost), `round ${round}`).toEqual([true, true])
    }
    expect(await db.select({ id: printers.id }).from(printers).where(inArray(printers.assetId, ids))).toHaveLength(0)
    expect(getDbHandle()).toBe(pool)
  }, 60_000)

  test('backends killed at any point of a transaction: every connection of the same pool serves the next requests', async () => {
    const pool = getDbHandle()
    const ids: string[] = []
    const kill = (pid: number) => admin`select pg_terminate_backend(${pid})`
    const ways: Record<string, (tx: DbOrTx, pid: number, id: string) => Promise<unknown>> = {
      'between two statements': async (tx, pid, id) => {
        await kill(pid)
        await tx.insert(printers).values(printer(id))
      },
      'while a statement runs': async (tx, pid) => {
        const running = settled(tx.execute(sql`select pg_sleep(30)`))
        await vi.waitFor(async () => expect(await admin`select 1 from pg_stat_activity where pid = ${pid} and query like '%pg_sleep%'`).toHaveLength(1), { timeout: 10_000 })
        await kill(pid)
        throw await running
      },
      'before a statement over 1 KiB': async (tx, pid, id) => {
        await kill(pid)
        await tx.insert(printers).values(printer(id, 'x'.repeat(4096)))
      },
      'with several statements queued': async (tx, pid, id) => {
        await kill(pid)
        await Promise.all([1, 2, 3].map((n) => tx.insert(printers).values(printer(`${id}-${n}`))))
      },
    }
    for (let round = 0; round < 2; round++) {
      for (const [way, run] of Object.entries(ways)) {
        const id = `GONE-${round}-${ids.length}`
        ids.push(id, `${id}-1`, `${id}-2`, `${id}-3`)
        const error = await settled(
          withTimeout(
            db.transaction(async (tx) => {
              await tx.insert(printers).values(printer(`${id}-0`))
              await run(tx, resultRows<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0].pid, id)
            }),
            10_000,
          ),
        )
        ids.push(`${id}-0`)
        expect(isConnectionLost(error), `${way}: ${String(error)}`).toBe(true)
        // Twice as many requests as connections, all at once: every connection, the reconnected one too, answers.
        const next = await Promise.all(Array.from({ length: 2 * POOL_MAX }, () => settled(withTimeout(db.execute(sql`select 1`), 5000))))
        expect(next, way).toEqual(Array(2 * POOL_MAX).fill(null))
      }
    }
    expect(await db.select({ id: printers.id }).from(printers).where(inArray(printers.assetId, ids))).toHaveLength(0)
    expect(getDbHandle()).toBe(pool)
  }, 120_000)
})
