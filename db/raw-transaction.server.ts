/**
 * One raw-SQL transaction on the process-wide database (postgres-js or PGlite) with a bulk path for vibration block rows
 * (db/block-copy.server.ts): what the vibration import runs in. See docs/decisions/004-vibration-data.md.
 */
import postgres from 'postgres'
import { getDbHandle } from './client.server'
import { ConnectionLost, PgCopy, PgliteCopy, type BlockSink } from './block-copy.server'

export interface RawTx {
  /** Runs a statement (blocks added so far are loaded first). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  blocks: BlockSink
}

/**
 * Runs `fn` in one transaction on the process-wide database (postgres-js or PGlite), with a bulk path for blocks.
 *
 * PostgreSQL: the import gets its own one-connection client, so a connection that dies mid-import is noticed (`onclose`)
 * before anything else is written to it: postgres-js 3.4.9 throws an uncatchable TypeError when a reserved connection
 * is written to after its socket closed (porsager/postgres#1208), which `sql.begin`'s automatic ROLLBACK would do.
 */
export async function withRawTransaction<T>(fn: (tx: RawTx) => Promise<T>): Promise<T> {
  const handle = getDbHandle()
  if (handle.kind === 'postgres') {
    const o = handle.sql.options
    let dead = false
    const client = postgres({
      host: o.host as unknown as string,
      port: o.port as unknown as number,
      database: o.database,
      user: o.user,
      pass: o.pass as unknown as string | undefined,
      ssl: o.ssl as boolean,
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
      await client.unsafe('begin')
      // Blocks are 32 KiB of float64, so PostgreSQL tries to compress each one: lz4 where the server has it (PostgreSQL 14+)
      // costs half of pglz's time for the same size (noise-like samples hardly compress either way). This transaction only.
      await guard(
        client.unsafe(
          "select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)",
        ),
      )
      const result = await fn({
        query: async <R,>(text: string, params: unknown[] = []) => {
          await guard(copy.settle())
          alive()
          return (await guard(client.unsafe(text, params as never[]))) as unknown as R[]
        },
        blocks: {
          add: (row) => copy.add(row),
          get backlog() {
            return copy.backlog
          },
          send: () => guard(copy.send()),
        },
      })
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
  return handle.pglite.transaction(async (tx) => {
    const copy = new PgliteCopy(tx)
    const result = await fn({
      query: async <R,>(text: string, params: unknown[] = []) => {
        await copy.settle()
        return (await tx.query<R>(text, params)).rows
      },
      blocks: copy,
    })
    await copy.settle()
    return result
  })
}
