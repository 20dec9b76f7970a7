/**
 * Printers for the live-printer tests (integration and e2e). We have no real printer here: these fakes answer as the
 * protocols' public documentation describes — Moonraker (HTTP `/printer/objects/query` + `/websocket` JSON-RPC
 * `printer.objects.subscribe` and `notify_status_update`, optional `X-Api-Key`) and OctoPrint (`/api/job`,
 * `/api/printer`, `X-Api-Key`, 409 while the printer is not connected). Bambu Lab is tested against real Mosquitto
 * brokers (tests/integration/printer-live-bambu.test.ts). No database or app imports: the e2e specs use them too.
 */
import http from 'node:http'
import net from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

// ---- HTTP servers that can be stopped and started again on the same port ------------------------------------------

interface Restartable {
  port: number
  close(): Promise<void>
  start(): Promise<void>
}

function restartable(make: () => http.Server, port: number, onClose: () => void = () => {}): Restartable {
  let server: http.Server | null = null
  const sockets = new Set<net.Socket>()
  return {
    port,
    async start() {
      server = make()
      server.on('connection', (s) => {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
      })
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    },
    async close() {
      const s = server
      server = null
      onClose()
      for (const socket of sockets) socket.destroy()
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
    },
  }
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

// ---- Moonraker ------------------------------------------------------------------------------------------------------

export interface MoonrakerFake extends Restartable {
  /** The printer objects as Klipper holds them. */
  status: Record<string, Record<string, unknown>>
  /** Changes objects and sends `notify_status_update` with just those fields to subscribed clients. */
  update(delta: Record<string, Record<string, unknown>>): void
  /** Sends a raw frame to every websocket client (hostile payloads). */
  sendRaw(frame: string | Buffer): void
  /** Answer the HTTP query with this body instead (hostile payloads); null: the real answer. */
  queryBody: string | null
  queries: number
  subscriptions: number
  clients(): number
}

export async function startMoonrakerFake(opts: { apiKey?: string; port?: number } = {}): Promise<MoonrakerFake> {
  const port = opts.port ?? (await freePort())
  const subscribed = new Set<WebSocket>()
  const authorised = (req: http.IncomingMessage) => !opts.apiKey || req.headers['x-api-key'] === opts.apiKey
  let wss: WebSocketServer | null = null
  const fake: MoonrakerFake = {
    ...restartable(
      () => {
        const server = http.createServer((req, res) => {
          const url = new URL(req.url ?? '/', 'http://x')
          if (!authorised(req)) return json(res, 401, { error: { code: 401, message: 'Unauthorized', traceback: '' } })
          if (req.method === 'GET' && url.pathname === '/printer/objects/query') {
            fake.queries++
            if (fake.queryBody !== null) return json(res, 200, fake.queryBody)
            const asked = [...url.searchParams.keys()]
            return json(res, 200, { result: { eventtime: process.uptime(), status: Object.fromEntries(asked.filter((k) => k in fake.status).map((k) => [k, fake.status[k]])) } })
          }
          json(res, 404, { error: { code: 404, message: 'Not Found' } })
        })
        wss = new WebSocketServer({ noServer: true })
        server.on('upgrade', (req, socket, head) => {
          if (new URL(req.url ?? '/', 'http://x').pathname !== '/websocket' || !authorised(req)) {
            socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
            return
          }
          wss!.handleUpgrade(req, socket, head, (ws) => {
            ws.on('message', (data) => {
              let msg: { method?: string; id?: number; params?: { objects?: Record<string, unknown> } }
              try {
                msg = JSON.parse(data.toString()) as typeof msg
              } catch {
                return ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }))
              }
              if (msg.method === 'printer.objects.subscribe') {
                fake.subscriptions++
                subscribed.add(ws)
                const asked = Object.keys(msg.params?.objects ?? {})
                ws.send(JSON.stringify({ jsonrpc: '2.0', result: { eventtime: process.uptime(), status: Object.fromEntries(asked.filter((k) => k in fake.status).map((k) => [k, fake.status[k]])) }, id: msg.id }))
              } else {
                ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32601, message: `Method not found: ${msg.method}` }, id: msg.id }))
              }
            })
            ws.on('close', () => subscribed.delete(ws))
          })
        })
        return server
      },
      port,
      () => {
        for (const ws of subscribed) ws.terminate()
        subscribed.clear()
        wss?.close()
      },
    ),
    status: {
      print_stats: { filename: '', total_duration: 0, print_duration: 0, filament_used: 0, state: 'standby', message: '' },
      display_status: { progress: 0, message: null },
      extruder: { temperature: 24.1, target: 0 },
      heater_bed: { temperature: 23.9, target: 0 },
    },
    update(delta) {
      for (const [k, v] of Object.entries(delta)) fake.status[k] = { ...fake.status[k], ...v }
      const frame = JSON.stringify({ jsonrpc: '2.0', method: 'notify_status_update', params: [delta, process.uptime()] })
      for (const ws of subscribed) ws.send(frame)
    },
    sendRaw(frame) {
      for (const ws of subscribed) ws.send(frame)
    },
    queryBody: null,
    queries: 0,
    subscriptions: 0,
    clients: () => subscribed.size,
  }
  await fake.start()
  return fake
}

// ---- OctoPrint ------------------------------------------------------------------------------------------------------

export interface OctoPrintFake extends Restartable {
  job: Record<string, unknown>
  printer: Record<string, unknown>
  /** OctoPrint runs but has no serial connection to the printer: /api/printer answers 409. */
  notOperational: boolean
  requests: number
  lastKey: string | null
}

export async function startOctoPrintFake(opts: { apiKey: string; port?: number }): Promise<OctoPrintFake> {
  const port = opts.port ?? (await freePort())
  const fake: OctoPrintFake = {
    ...restartable(
      () =>
        http.createServer((req, res) => {
          fake.requests++
          fake.lastKey = (req.headers['x-api-key'] as string | undefined) ?? null
          // OctoPrint answers 403 to a missing or wrong key.
          if (req.headers['x-api-key'] !== opts.apiKey) return json(res, 403, { error: 'You don\u2019t have the permission to access the requested resource.' })
          if (req.url === '/api/job') return json(res, 200, fake.job)
          if (req.url === '/api/printer') {
            if (fake.notOperational) return json(res, 409, { error: 'Printer is not operational' })
            return json(res, 200, fake.printer)
          }
          json(res, 404, { error: 'Not found' })
        }),
      port,
    ),
    job: {
      job: { file: { name: null, display: null, origin: null }, estimatedPrintTime: null },
      progress: { completion: null, filepos: null, printTime: null, printTimeLeft: null },
      state: 'Operational',
    },
    printer: {
      temperature: { tool0: { actual: 25.3, target: 0, offset: 0 }, bed: { actual: 24.8, target: 0, offset: 0 } },
      state: { text: 'Operational', flags: { operational: true, paused: false, printing: false, cancelling: false, pausing: false, error: false, ready: true, closedOrError: false } },
    },
    notOperational: false,
    requests: 0,
    lastKey: null,
  }
  await fake.start()
  return fake
}
