import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * With JavaScript, reloads the page's data whenever something live changed (the server's `live` events: `url`,
 * /printers/live-events for what printers report, /vibration/live-events for the machines' streams): at most once every
 * `minGapMs` (1 s), and not while the page is hidden (it catches up when shown again). `onLive` instead of reloading
 * the page (a part that fetches its own data); `id`: only that printer's or machine's changes count (its own page).
 * `enabled` false (nothing live on the page): no connection is opened. Each time the connection opens (the first time
 * and after a reconnect) the data is reloaded once too: a change between the page's load and the connection, or while
 * it was down, sends no event.
 */
export function useLiveEvents(
  enabled = true,
  { onLive, minGapMs = 1000, id, url = '/printers/live-events' }: { onLive?: () => void; minGapMs?: number; id?: string; url?: string } = {},
) {
  const { revalidate } = useRevalidator()
  const latest = useRef(onLive ?? revalidate)
  latest.current = onLive ?? revalidate
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return
    const source = new EventSource(url)
    let lastRun = 0
    let pending: number | undefined
    let missed = false
    const run = () => {
      pending = undefined
      if (document.visibilityState !== 'visible') {
        missed = true
        return
      }
      lastRun = Date.now()
      latest.current()
    }
    /** Runs once, at most every `minGapMs` (a reload already waiting covers this one too). */
    const schedule = () => {
      if (pending === undefined) pending = window.setTimeout(run, Math.max(0, minGapMs - (Date.now() - lastRun)))
    }
    const onEvent = (e: MessageEvent<string>) => {
      // A page about one printer or machine: only its changes count.
      if (id) {
        try {
          if (!(JSON.parse(e.data) as string[]).includes(id)) return
        } catch {
          // An event of an older server (no ids): it counts.
        }
      }
      schedule()
    }
    const onVisible = () => {
      if (document.visibilityState === 'visible' && missed) {
        missed = false
        run()
      }
    }
    // Whatever changed between the page's load and this connection (or while it was down) sent no event to us:
    // catch up once each time the connection opens.
    source.addEventListener('open', schedule)
    source.addEventListener('live', onEvent)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      source.close()
      window.clearTimeout(pending)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [enabled, minGapMs, id, url])
}
