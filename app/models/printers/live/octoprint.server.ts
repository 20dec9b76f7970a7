/**
 * OctoPrint connector: polls `GET /api/job` and `GET /api/printer` every `pollMs` with `X-Api-Key` (OctoPrint has a push
 * API over SockJS, but its REST API is the documented, stable one for reading state). A 409 from `/api/printer` means
 * OctoPrint runs but has no serial connection to the printer: reported as offline with that message. A failed poll
 * (refused, timed out, 5xx, a refused key) ends the "connection" and the next poll waits the backoff delay.
 * Parsing: app/domain/printers/live/octoprint.ts.
 */
import { normaliseOctoPrint, OCTOPRINT_JOB_PATH, OCTOPRINT_PRINTER_PATH, type OctoPrintPrinter } from '~/domain/printers/live/octoprint'
import { parseJson } from '~/domain/printers/live/state'
import { describeError, fetchText, hostPort, HttpStatusError, reconnectLoop, type ConnectorFactory } from './connector.server'

export const octoprintConnector: ConnectorFactory = (target, hooks, timings) => {
  const base = `${target.tls ? 'https' : 'http'}://${hostPort(target.host, target.port)}`
  const headers: Record<string, string> = target.secrets.apiKey ? { 'X-Api-Key': target.secrets.apiKey } : {}
  let stopped = false
  let up = false
  let timer: NodeJS.Timeout | null = null
  const aborter = new AbortController()

  const get = (path: string) => fetchText(base + path, headers, timings.requestTimeoutMs, aborter.signal)

  const poll = async () => {
    timer = null
    if (stopped) return
    try {
      const [jobText, printer] = await Promise.all([
        get(OCTOPRINT_JOB_PATH),
        get(OCTOPRINT_PRINTER_PATH).then(
          (text): OctoPrintPrinter => ({ kind: 'body', body: parseJson(text) }),
          (e: unknown): OctoPrintPrinter => {
            if (e instanceof HttpStatusError && e.status === 409) return { kind: 'not_operational' }
            throw e
          },
        ),
      ])
      if (stopped) return
      const job = parseJson(jobText)
      if (job === null || (printer.kind === 'body' && printer.body === null)) hooks.parseError()
      if (!up) {
        up = true
        loop.succeeded()
        hooks.connected()
      }
      hooks.report(normaliseOctoPrint(job, printer))
      timer = setTimeout(() => void poll(), timings.pollMs)
      timer.unref()
    } catch (e) {
      if (stopped) return
      up = false
      hooks.disconnected(describeError(e))
      loop.retry()
    }
  }

  const loop = reconnectLoop(timings, hooks, () => stopped, () => void poll())
  void poll()

  return {
    async stop() {
      stopped = true
      aborter.abort()
      loop.cancel()
      if (timer) clearTimeout(timer)
    },
  }
}
