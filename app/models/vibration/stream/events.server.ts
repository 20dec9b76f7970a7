/**
 * "A machine's stream judged new windows" for the vibration pages, as server-sent events (issue #19 item 4; the
 * plumbing is app/utils/sse.server.ts). The fingerprint of a machine is read from its streams' counters (one row per
 * sensor), so any app instance sees what the one subscriber, wherever it runs, stored.
 */
import { sql } from 'drizzle-orm'
import { db, resultRows } from '~db/client.server'
import { fingerprintWatcher, liveEventStream } from '~/utils/sse.server'

async function fingerprints(): Promise<Map<string, string>> {
  const rows = resultRows<{ id: string; h: string }>(
    await db.execute(sql`
      select machine_id as id, concat_ws(':', sum(windows), sum(gaps), sum(malformed), max(last_window_at)) as h
      from vibration_streams group by machine_id`),
  )
  return new Map(rows.map((r) => [String(r.id), r.h]))
}

const subscribe = fingerprintWatcher(fingerprints, (e) => console.log(JSON.stringify({ level: 'warn', msg: 'vibration live events: reading the streams failed', error: String(e) })))

/** The event stream of one page: the ids of the machines whose streams moved. */
export function vibrationEventStream(signal: AbortSignal, { heartbeatMs = 25_000, intervalMs = 1000 } = {}): ReadableStream<Uint8Array> {
  return liveEventStream(signal, (send) => subscribe(send, intervalMs), { heartbeatMs })
}
