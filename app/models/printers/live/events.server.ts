/**
 * "Something a printer reported changed" for the pages that show live state (issue 18 item 4), as server-sent events.
 * One watcher per app instance, whatever the number of open pages: every `intervalMs` it reads a fingerprint per
 * connected printer (one row each) and tells every subscriber which printers' fingerprints moved; a page about one
 * printer reloads only for that one. Any instance sees what the one poller (on whichever instance leads) wrote,
 * because the fingerprints are read from the database. The timer runs only while someone listens, and never keeps the
 * process alive.
 */
import { sql } from 'drizzle-orm'
import { db, resultRows } from '~db/client.server'
import { OFFLINE_AFTER_MS } from '~/domain/printers/live/state'
import { fingerprintWatcher, liveEventStream } from '~/utils/sse.server'
import { log } from './log.server'

/**
 * What the pages show of each printer's report, hashed: state, whole percent, minutes left, file, message, whether it
 * is silent past the offline limit — and its latest print's start or end. Temperatures and "last seen" move with every
 * report and are left out, so pages reload when something a person reads changed, not several times a second.
 */
async function fingerprints(): Promise<Map<string, string>> {
  const rows = resultRows<{ id: string; h: string }>(
    await db.execute(sql`
      select s.printer_id as id,
             md5(concat_ws(':', s.state, round(s.progress * 100), s.remaining_seconds / 60, s.file, s.message,
               (coalesce(s.last_seen_at, 'epoch'::timestamptz) < now() - ${`${OFFLINE_AFTER_MS / 1000} seconds`}::interval), p.at)) as h
      from printer_live_state s
      left join lateral (select coalesce(ended_at, started_at) as at from printer_prints where printer_id = s.printer_id order by started_at desc limit 1) p on true`),
  )
  return new Map(rows.map((r) => [String(r.id), r.h]))
}

const subscribe = fingerprintWatcher(fingerprints, (e) => log('warn', 'live events: reading the live state failed', { error: String(e) }))

/** Calls `listener` whenever the stored live state changes; returns the unsubscribe function. */
export function subscribeLive(listener: (printerIds: string[]) => void, intervalMs = 1000): () => void {
  return subscribe(listener, intervalMs)
}

/** The event stream of one page (app/utils/sse.server.ts): the ids of the printers that changed. */
export function printerEventStream(signal: AbortSignal, { heartbeatMs = 25_000, intervalMs = 1000 } = {}): ReadableStream<Uint8Array> {
  return liveEventStream(signal, (send) => subscribeLive(send, intervalMs), { heartbeatMs })
}
