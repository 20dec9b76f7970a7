/**
 * Server-sent events for pages that follow something live (printers, vibration streams): `retry` (reconnect after
 * 5 s), an event `live` whose data is the ids (JSON) of what changed, and a comment every `heartbeatMs` so proxies
 * keep the connection open. Ends when the page goes away (`signal`). What feeds it is the caller's: `subscribe` is
 * given the sender and returns its unsubscribe function.
 */
export type LiveSubscribe = (send: (ids: string[]) => void) => () => void

export function liveEventStream(signal: AbortSignal, subscribe: LiveSubscribe, { heartbeatMs = 25_000 } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let stop = () => {}
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          stop()
        }
      }
      send('retry: 5000\n\n')
      const unsubscribe = subscribe((ids) => send(`event: live\ndata: ${JSON.stringify(ids)}\n\n`))
      const beat = setInterval(() => send(': beat\n\n'), heartbeatMs)
      beat.unref?.()
      stop = () => {
        unsubscribe()
        clearInterval(beat)
        try {
          controller.close()
        } catch {
          // already closed
        }
      }
      if (signal.aborted) stop()
      else signal.addEventListener('abort', stop, { once: true })
    },
    cancel() {
      stop()
    },
  })
}

/** The response of an event stream route (no-transform: compression would hold events back to fill a block). */
export function liveEventResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  })
}

/**
 * One watcher per process for many listeners: every `intervalMs` it reads a fingerprint per id and tells every
 * listener which ids' fingerprints moved (or vanished). The timer runs only while someone listens and never keeps the
 * process alive. `read` failures are passed to `onError` and the next tick tries again.
 */
export function fingerprintWatcher(read: () => Promise<Map<string, string>>, onError: (e: unknown) => void) {
  const listeners = new Set<(ids: string[]) => void>()
  let timer: ReturnType<typeof setInterval> | null = null
  let last: Map<string, string> | null = null
  let reading = false
  const tick = async () => {
    if (reading) return
    reading = true
    try {
      const now = await read()
      if (last !== null) {
        const changed = [...now].filter(([id, h]) => last!.get(id) !== h).map(([id]) => id)
        for (const id of last.keys()) if (!now.has(id)) changed.push(id)
        if (changed.length) for (const l of listeners) l(changed)
      }
      last = now
    } catch (e) {
      onError(e)
    } finally {
      reading = false
    }
  }
  return function subscribe(listener: (ids: string[]) => void, intervalMs = 1000): () => void {
    listeners.add(listener)
    if (!timer) {
      last = null
      void tick()
      timer = setInterval(() => void tick(), intervalMs)
      timer.unref?.()
    }
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0 && timer) {
        clearInterval(timer)
        timer = null
      }
    }
  }
}
