/**
 * Bambu Lab LAN connector (the `mqtt` package). The printer is the MQTT broker: `mqtts://<host>:8883`, user `bblp`,
 * password = the LAN access code shown on the printer. On connect: subscribe to `device/<serial>/report` and publish
 * `pushall` to `device/<serial>/request` for a full report; later reports (P1/A1 send only what changed) are merged.
 *
 * Certificate: the printer presents a certificate signed by Bambu's own CA with its serial as the name, which no public
 * CA vouches for and which changes per printer, so chain validation cannot apply. The connector pins it instead: the
 * first certificate seen is trusted and stored (trust on first use); after that, a printer presenting another one is
 * refused before the access code is sent (./pinned-tls.server.ts), until a planner forgets the pinned certificate on
 * the connection page. `tls: false` (plain MQTT, 1883) exists for brokers in between and for the tests.
 *
 * The MQTT keepalive (`pollMs`) doubles as the heartbeat: the printer answers every ping, so an idle printer that
 * sends no report is still "heard from". Parsing: app/domain/printers/live/bambu.ts.
 */
import { randomBytes } from 'node:crypto'
import mqtt, { MqttClient, type IClientOptions } from 'mqtt'
import { applyBambuReport, BAMBU_PUSHALL, BAMBU_SERIAL, bambuReportTopic, bambuRequestTopic, normaliseBambu, readBambuMessage } from '~/domain/printers/live/bambu'
import { describeError, hostPort, MAX_MESSAGE_BYTES, reconnectLoop, type ConnectorFactory } from './connector.server'
import { pinnedTlsStream } from './pinned-tls.server'

export const BAMBU_USER = 'bblp'

export const bambuConnector: ConnectorFactory = (target, hooks, timings) => {
  const serial = target.secrets.serial ?? ''
  const url = `${target.tls ? 'mqtts' : 'mqtt'}://${hostPort(target.host, target.port)}`
  let stopped = false
  let client: MqttClient | null = null
  let status: Record<string, unknown> = {}
  // Trust on first use: the certificate seen first is kept for every later connection of this connector.
  let pinned = target.pinnedFingerprint
  let stopClient = () => {}

  const connect = () => {
    if (stopped) return
    if (!BAMBU_SERIAL.test(serial)) {
      hooks.disconnected('no valid serial number')
      return
    }
    let lastError: string | null = null
    let up = false
    // pushall again until the first report arrives (a request can be lost while the printer's MQTT side starts up).
    let pushTimer: NodeJS.Timeout | null = null
    const stopPushing = () => {
      if (pushTimer) clearInterval(pushTimer)
      pushTimer = null
    }
    const options: IClientOptions = {
      username: BAMBU_USER,
      password: target.secrets.accessCode ?? '',
      clientId: `mes-lite-${randomBytes(6).toString('hex')}`,
      clean: true,
      keepalive: Math.max(1, Math.round(timings.pollMs / 1000)),
      connectTimeout: timings.requestTimeoutMs,
      // Reconnecting is ours (backoff with jitter), not the library's fixed period.
      reconnectPeriod: 0,
      protocolVersion: 4,
    }
    // Over TLS the stream is ours: nothing (the access code least of all) is sent before the certificate is the pinned one.
    const c = target.tls
      ? new MqttClient(
          () =>
            pinnedTlsStream({
              host: target.host,
              port: target.port,
              pinned,
              timeoutMs: timings.requestTimeoutMs,
              onTrusted: (fingerprint) => {
                pinned = fingerprint
                hooks.certificate(fingerprint)
              },
            }),
          options,
        )
      : mqtt.connect(url, options)
    client = c
    stopClient = stopPushing
    c.on('connect', () => {
      if (c !== client) return
      up = true
      loop.succeeded()
      hooks.connected()
      c.subscribe(bambuReportTopic(serial), { qos: 0 }, (err) => {
        if (err) return hooks.problem(`subscribe failed: ${describeError(err)}`)
        const push = () => c.publish(bambuRequestTopic(serial), BAMBU_PUSHALL, { qos: 0 })
        push()
        stopPushing()
        pushTimer = setInterval(push, Math.max(1_000, timings.pollMs * 4))
        pushTimer.unref()
      })
    })
    c.on('message', (_topic, payload) => {
      if (c !== client) return
      if (payload.byteLength > MAX_MESSAGE_BYTES) return hooks.parseError()
      const message = readBambuMessage(payload.toString('utf8'))
      if (message.kind === 'invalid') return hooks.parseError()
      if (message.kind === 'other') return hooks.heard()
      stopPushing()
      status = applyBambuReport(status, message.print)
      hooks.report(normaliseBambu(status))
    })
    c.on('packetreceive', (packet) => {
      if (c === client && packet.cmd === 'pingresp') hooks.heard()
    })
    c.on('error', (e) => {
      lastError = describeError(e)
    })
    c.on('close', () => {
      stopPushing()
      if (c !== client) return
      client = null
      c.removeAllListeners()
      c.on('error', () => {})
      c.end(true)
      if (stopped) return
      hooks.disconnected(lastError ?? (up ? 'connection closed' : 'connection failed'))
      loop.retry()
    })
  }

  const loop = reconnectLoop(timings, hooks, () => stopped, connect)
  connect()

  return {
    async stop() {
      stopped = true
      loop.cancel()
      stopClient()
      const c = client
      client = null
      if (c) {
        c.removeAllListeners()
        c.on('error', () => {})
        await new Promise<void>((resolve) => c.end(true, {}, () => resolve()))
      }
    },
  }
}
