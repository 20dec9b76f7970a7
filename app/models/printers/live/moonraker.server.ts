/**
 * Moonraker connector (Klipper printers). On connect: the HTTP object query gives the whole status, then the websocket
 * (`/websocket`) subscribes to the same objects with `printer.objects.subscribe` and receives `notify_status_update`
 * deltas. The HTTP query runs again every `pollMs` as a heartbeat (an idle printer with steady temperatures may send no
 * update for a long time) and re-synchronises the status. `X-Api-Key` is sent when an API key is configured (Moonraker's
 * `[authorization]`). TLS (`https`/`wss`, e.g. behind a reverse proxy) verifies the certificate as usual.
 * Parsing: app/domain/printers/live/moonraker.ts.
 */
import WebSocket from 'ws'
import {
  applyMoonrakerMessage,
  MOONRAKER_QUERY_PATH,
  moonrakerSubscribeRequest,
  normaliseMoonraker,
  readMoonrakerMessage,
  type MoonrakerMessage,
} from '~/domain/printers/live/moonraker'
import { parseJson } from '~/domain/printers/live/state'
import { describeError, fetchText, hostPort, MAX_MESSAGE_BYTES, reconnectLoop, type Connector, type ConnectorFactory } from './connector.server'

export const moonrakerConnector: ConnectorFactory = (target, hooks, timings) => {
  const base = hostPort(target.host, target.port)
  const httpUrl = `${target.tls ? 'https' : 'http'}://${base}${MOONRAKER_QUERY_PATH}`
  const wsUrl = `${target.tls ? 'wss' : 'ws'}://${base}/websocket`
  const headers: Record<string, string> = target.secrets.apiKey ? { 'X-Api-Key': target.secrets.apiKey } : {}
  let stopped = false
  let socket: WebSocket | null = null
  let heartbeat: NodeJS.Timeout | null = null
  let status: Record<string, unknown> = {}
  let rpcId = 0
  let up = false
  const aborter = new AbortController()

  const handle = (message: MoonrakerMessage) => {
    switch (message.kind) {
      case 'full':
      case 'delta':
        status = applyMoonrakerMessage(status, message)
        hooks.report(normaliseMoonraker(status))
        return
      case 'klippy':
        hooks.heard()
        if (message.event === 'ready') subscribe()
        else hooks.report({ ...normaliseMoonraker(status), state: 'error', message: `Klippy ${message.event}` })
        return
      case 'error':
        hooks.heard()
        hooks.problem(message.message)
        return
      case 'other':
        hooks.heard()
        return
      case 'invalid':
        hooks.parseError()
    }
  }

  const query = async () => {
    const text = await fetchText(httpUrl, headers, timings.requestTimeoutMs, aborter.signal)
    const message = readMoonrakerMessage(parseJson(text))
    if (message.kind === 'invalid') hooks.parseError()
    else handle(message)
  }

  const subscribe = () => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(moonrakerSubscribeRequest(++rpcId))
  }

  const drop = (reason: string) => {
    if (heartbeat) clearInterval(heartbeat)
    heartbeat = null
    const s = socket
    socket = null
    if (s) {
      s.removeAllListeners()
      s.on('error', () => {})
      s.terminate()
    }
    if (stopped) return
    up = false
    hooks.disconnected(reason)
    loop.retry()
  }

  const connect = async () => {
    if (stopped) return
    try {
      await query()
    } catch (e) {
      if (!stopped) drop(describeError(e))
      return
    }
    if (stopped) return
    const ws = new WebSocket(wsUrl, { headers, handshakeTimeout: timings.requestTimeoutMs, maxPayload: MAX_MESSAGE_BYTES })
    socket = ws
    ws.on('open', () => {
      if (ws !== socket) return
      up = true
      loop.succeeded()
      hooks.connected()
      subscribe()
      heartbeat = setInterval(() => {
        query().catch((e: unknown) => {
          if (ws === socket) drop(describeError(e))
        })
      }, timings.pollMs)
      heartbeat.unref()
    })
    ws.on('message', (data, isBinary) => {
      if (ws !== socket) return
      if (isBinary) return hooks.parseError()
      handle(readMoonrakerMessage(parseJson(data.toString())))
    })
    ws.on('error', (e) => {
      if (ws === socket) drop(describeError(e))
    })
    ws.on('close', (code) => {
      if (ws === socket) drop(up ? `websocket closed (${code})` : 'websocket refused')
    })
  }

  const loop = reconnectLoop(timings, hooks, () => stopped, () => void connect())
  void connect()

  const connector: Connector = {
    async stop() {
      stopped = true
      aborter.abort()
      loop.cancel()
      drop('stopped')
    },
  }
  return connector
}
