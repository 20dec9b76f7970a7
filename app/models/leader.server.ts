/**
 * Which app instance runs a singleton job — the printer connectors (issue 18 item 3), the vibration stream subscriber
 * (issue 19 item 4) — each under its own name: the one holding a PostgreSQL session advisory lock,
 * taken with `pg_try_advisory_lock` on a connection reserved from the pool for as long as it leads. The lock lives and
 * dies with that connection: a crashed instance, a killed backend or a restarted database frees it, and another
 * instance (each retries every few seconds) takes over. The leader checks its connection every few seconds and steps
 * down when it is gone. On the embedded database (PGlite) there is exactly one process per data folder (its lock file),
 * so that process leads.
 */
import { getDbHandle } from '~db/client.server'

/** The job names; a lock's key is `hashtextextended(name, 0)`, one bigint for every instance of this app. */
export type LeaderJob = 'mes-lite printer poller' | 'mes-lite vibration streams'

export interface Leadership {
  /** Resolves true while the lock's connection (the same backend) still answers. */
  check(): Promise<boolean>
  release(): Promise<void>
}

/** Tries to lead `job`; null when another instance does (or the database is unreachable). */
export async function tryLead(job: LeaderJob = 'mes-lite printer poller'): Promise<Leadership | null> {
  const LOCK_KEY_SQL = `hashtextextended('${job}', 0)`
  const handle = getDbHandle()
  if (handle.kind === 'pglite') return { check: async () => true, release: async () => {} }
  let reserved: Awaited<ReturnType<typeof handle.sql.reserve>>
  try {
    reserved = await handle.sql.reserve()
  } catch {
    return null
  }
  // The backend holding the lock: a reserved connection that dropped and came back is another backend, without it.
  let pid: number
  try {
    const [row] = await reserved.unsafe<{ ok: boolean; pid: number }[]>(`select pg_try_advisory_lock(${LOCK_KEY_SQL}) as ok, pg_backend_pid() as pid`)
    if (!row?.ok) {
      reserved.release()
      return null
    }
    pid = row.pid
  } catch {
    reserved.release()
    return null
  }
  let released = false
  return {
    async check() {
      if (released) return false
      try {
        const [row] = await reserved.unsafe<{ pid: number }[]>('select pg_backend_pid() as pid')
        return row?.pid === pid
      } catch {
        return false
      }
    },
    async release() {
      if (released) return
      released = true
      try {
        await reserved.unsafe(`select pg_advisory_unlock(${LOCK_KEY_SQL})`)
      } catch {
        // the connection is gone, and the lock with it
      }
      reserved.release()
    },
  }
}
