/**
 * One raw-SQL unit of work on the process-wide database (postgres-js or PGlite) with a bulk path for vibration block rows
 * (db/block-copy.server.ts): what the vibration import runs in. See docs/decisions/004-vibration-data.md; a connection that
 * dies mid-transaction fails its queries (docs/decisions/010-postgres-js-patch.md).
 */
import postgres from 'postgres'
import { getDbHandle } from './client.server'
import { ConnectionLost, PgCopy, PgliteCopy, SLICE_BYTES, type BlockSink } from './block-copy.server'

export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>

export interface RawTx {
  /** Runs a statement (blocks added so far are loaded first). */
  query: RawQuery
  blocks: BlockSink
  /**
   * True on the embedded database: each statement (and each COPY of about a MiB of blocks) commits by itself, so the
   * single connection is held for one statement at a time and pages keep answering during a long import. The caller
   * keeps its work invisible until `atomically` publishes it, and undoes it if it fails (`undo`).
   */
  readonly sliced: boolean
  /** Runs `fn` all at once: inside the transaction (PostgreSQL), or as one short transaction of its own (sliced). */
  atomically<R>(fn: (tx: RawTx) => Promise<R>): Promise<R>
}

export interface RawOptions {
  /** Runs first, on the same connection but outside the transaction (committed whatever happens next). */
  prepare?: (query: RawQuery) => Promise<void>
  /** Sliced only: takes back what `fn` committed when it fails, in one transaction (PostgreSQL rolls back instead). */
  undo?: (query: RawQuery) => Promise<void>
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Runs `fn` as one unit on the process-wide database, with a bulk path for blocks.
 *
 * PostgreSQL: one transaction. The import gets its own one-connection client, so a connection that dies mid-import is
 * noticed (`onclose`) before anything else is written to it: postgres-js 3.4.9 throws an uncatchable TypeError when a
 * reserved connection is written to after its socket closed (porsager/postgres#1208), which `sql.begin`'s automatic
 * ROLLBACK would do. Other requests use other connections meanwhile.
 *
 * Embedded PGlite: one connection for the whole process, and a transaction holds it from BEGIN to COMMIT — a 14 MB
 * upload over a slow link kept every page waiting for 10 s. So the work runs sliced (see `RawTx.sliced`): statements
 * commit one by one, blocks are copied about a MiB at a time, the event loop gets a turn between COPYs, and the final
 * step runs in `atomically`'s one short transaction.
 */
export async function withRawTransaction<T>(fn: (tx: RawTx) => Promise<T>, opts: RawOptions = {}): Promise<T> {
  const handle = getDbHandle()
  if (handle.kind === 'postgres') {
    let dead = false
    // Its own connection to the same database (the URL carries host, credentials and TLS settings).
    const client = postgres(handle.config.databaseUrl, {
      max: 1,
      idle_timeout: 5,
      connect_timeout: 5,
      onnotice: () => {},
      connection: { application_name: 'mes-lite-import' },
      onclose: () => {
        dead = true
        copy?.connectionClosed()
      },
    })
    const alive = () => {
      if (dead) throw new ConnectionLost()
    }
    // A FATAL error (the backend was terminated) or a socket error (EPIPE…) can arrive before the socket's close event:
    // the connection is gone all the same.
    const lost = (e: unknown) => {
      const err = e as { severity?: string; code?: string; syscall?: string } | null
      if (err && (err.severity === 'FATAL' || err.severity === 'PANIC' || err.syscall !== undefined || /^CONNECTION_/.test(String(err.code)))) dead = true
      return dead
    }
    const guard = async <R,>(p: Promise<R>): Promise<R> => {
      try {
        return await p
      } catch (e) {
        if (lost(e)) throw new ConnectionLost()
        throw e
      }
    }
    // eslint-disable-next-line prefer-const -- assigned after the client it needs, read by the client's onclose
    let copy: PgCopy | undefined
    copy = new PgCopy(client, () => dead)
    try {
      if (opts.prepare) await opts.prepare(async <R,>(text: string, params: unknown[] = []) => await guard(client.unsafe<R[]>(text, params as never[])))
      await client.unsafe('begin')
      // Blocks are 32 KiB of float64, so PostgreSQL tries to compress each one: lz4 where the server has it (PostgreSQL 14+)
      // costs half of pglz's time for the same size (noise-like samples hardly compress either way). This transaction only.
      await guard(
        client.unsafe(
          "select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)",
        ),
      )
      const tx: RawTx = {
        query: async <R,>(text: string, params: unknown[] = []) => {
          await guard(copy.settle())
          alive()
          return await guard(client.unsafe<R[]>(text, params as never[]))
        },
        blocks: {
          add: (row) => copy.add(row),
          get backlog() {
            return copy.backlog
          },
          send: () => guard(copy.send()),
        },
        sliced: false,
        atomically: (step) => step(tx),
      }
      const result = await fn(tx)
      await guard(copy.settle())
      alive()
      await guard(client.unsafe('commit'))
      return result
    } catch (e) {
      copy.abort()
      if (!lost(e)) {
        let timer: NodeJS.Timeout | undefined
        try {
          // A connection that broke in a way not recognised above must not hang the request: client.end() cuts it.
          await Promise.race([client.unsafe('rollback'), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))])
        } catch {
        } finally {
          clearTimeout(timer)
        }
      }
      throw dead ? new ConnectionLost() : e
    } finally {
      await client.end({ timeout: dead ? 0 : 5 }).catch(() => {})
    }
  }
  const pglite = handle.pglite
  const copy = new PgliteCopy(pglite, SLICE_BYTES, yieldToEventLoop)
  const query: RawQuery = async <R,>(text: string, params: unknown[] = []) => {
    await copy.settle()
    return (await pglite.query<R>(text, params)).rows
  }
  const tx: RawTx = {
    query,
    blocks: copy,
    sliced: true,
    atomically: async (step) => {
      await copy.settle()
      return pglite.transaction(async (t) => {
        const inner = new PgliteCopy(t)
        const one: RawTx = {
          query: async <R,>(text: string, params: unknown[] = []) => {
            await inner.settle()
            return (await t.query<R>(text, params)).rows
          },
          blocks: inner,
          sliced: false,
          atomically: (again) => again(one),
        }
        const r = await step(one)
        await inner.settle()
        return r
      })
    },
  }
  if (opts.prepare) await opts.prepare(query)
  try {
    const result = await fn(tx)
    await copy.settle()
    return result
  } catch (e) {
    try {
      const undo = opts.undo
      if (undo) await pglite.transaction((t) => undo(async <R,>(text: string, params: unknown[] = []) => (await t.query<R>(text, params)).rows))
    } catch (u) {
      console.error(JSON.stringify({ level: 'error', msg: 'could not undo a failed embedded import (the next sweep will)', error: String(u) }))
    }
    throw e
  }
}
