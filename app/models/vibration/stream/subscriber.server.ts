/**
 * The vibration stream subscriber (issue #19 item 4, docs/decisions/014-vibration-streams.md). With `MQTT_URL` set, the
 * one app instance that leads (advisory lock 'mes-lite vibration streams', ../../leader.server.ts) subscribes to
 * `<prefix>/+/+` with QoS 1 in a persistent session (clean: false, a fixed client id), so messages sent while it is
 * away — a restart, a broker restart — are delivered when it is back.
 *
 * Messages are handled one at a time in arrival order (mqtt.js calls `handleMessage` for the next one after the last
 * one's callback), and a message is acknowledged (PUBACK) only after its transaction committed: the broker redelivers
 * anything not acknowledged, and a redelivery is a duplicate `seq` that adds nothing. A message that cannot be stored
 * (the database is away) is retried, then the connection is dropped unacknowledged and made again. A malformed
 * message, or one for a machine that does not exist, is counted, logged at most once a minute per topic, acknowledged
 * and dropped: it never stops the subscriber.
 */
import mqtt, { type MqttClient } from 'mqtt'
import { decideContinuity } from '~/domain/vibration/stream/continuity'
import { parseStreamTopic, readStreamMessage, streamFilter } from '~/domain/vibration/stream/message'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { tryLead, type Leadership } from '../../leader.server'
import { streamMachine } from './machines.server'
import { appendToStream, countRefused, loadStream, type OpenStream } from './store.server'

const log = (level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ level, msg, ...extra }))

export interface StreamSubscriberOptions {
  url: string
  prefix: string
  /** The persistent session's client id (one per shop; only the leading instance connects). */
  clientId: string
  /** How often a follower tries to lead, and the leader checks its lock (ms). */
  leadEveryMs?: number
  /** Streams are read again from the database this long after loading (machine settings may have changed). */
  reloadAfterMs?: number
}

/** What the subscriber did since it started (tests, the benchmark, the log). */
export interface StreamStats {
  /** Messages received; `handled`: those finished with (stored or refused; not the ones that failed). */
  messages: number
  handled: number
  stored: number
  samples: number
  windows: number
  duplicates: number
  malformed: number
  unknown: number
  failures: number
}

type Cached = { state: OpenStream; loadedAt: number }

const LOG_EVERY_MS = 60_000
/** Topics remembered for the once-a-minute log at most (beyond that, more new topics in a minute are not logged). */
const MAX_LOG_KEYS = 10_000
const RETRIES = [100, 500, 2000]

export class StreamSubscriber {
  readonly stats: StreamStats = { messages: 0, handled: 0, stored: 0, samples: 0, windows: 0, duplicates: 0, malformed: 0, unknown: 0, failures: 0 }
  private client: MqttClient | null = null
  private leadership: Leadership | null = null
  private timer: NodeJS.Timeout | null = null
  private running = false
  private ticking = false
  private readonly streams = new Map<string, Cached>()
  private readonly lastLog = new Map<string, number>()
  private readonly listeners = new Set<(machineId: string) => void>()

  constructor(private readonly options: StreamSubscriberOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false
  }

  /** Called after a message judged windows of a machine (in this process). */
  onWindows(listener: (machineId: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    if (this.running) return
    this.running = true
    void this.tick()
    this.timer = setInterval(() => void this.tick(), this.options.leadEveryMs ?? 5000)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.running = false
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.stepDown()
  }

  private async tick() {
    if (!this.running || this.ticking) return
    this.ticking = true
    try {
      if (!this.leadership) {
        const l = await tryLead('mes-lite vibration streams')
        if (!l) return
        if (!this.running) return await l.release()
        this.leadership = l
        log('info', 'vibration streams: this instance subscribes', { url: redact(this.options.url), filter: streamFilter(this.options.prefix) })
        this.connect()
      } else if (!(await this.leadership.check())) {
        log('warn', 'vibration streams: lost the database lock; another instance may take over')
        await this.stepDown()
      }
    } finally {
      this.ticking = false
    }
  }

  private connect() {
    const client = mqtt.connect(this.options.url, { clientId: this.options.clientId, clean: false, reconnectPeriod: 2000, connectTimeout: 10_000, keepalive: 30, protocolVersion: 4 })
    this.client = client
    client.handleMessage = (packet, callback) => {
      this.handle(String(packet.topic), packet.payload as Buffer).then(
        () => callback(),
        (e: unknown) => {
          // Not acknowledged: drop the connection so the broker delivers it again when we are back.
          log('error', 'vibration streams: a message could not be stored; reconnecting', { topic: String(packet.topic), error: String(e) })
          callback(e as Error)
          client.stream?.destroy()
        },
      )
    }
    client.on('connect', (ack) => {
      log('info', 'vibration streams: connected', { sessionPresent: ack.sessionPresent })
      client.subscribe(streamFilter(this.options.prefix), { qos: 1 }, (err) => {
        if (err) log('error', 'vibration streams: subscribe failed', { error: String(err) })
      })
    })
    client.on('error', (e) => this.once('error', () => log('warn', 'vibration streams: broker connection error', { error: String(e) })))
    client.on('offline', () => this.once('offline', () => log('warn', 'vibration streams: broker unreachable; retrying')))
  }

  private async stepDown() {
    const c = this.client
    this.client = null
    if (c) await new Promise<void>((resolve) => c.end(false, {}, () => resolve()))
    this.streams.clear()
    const l = this.leadership
    this.leadership = null
    await l?.release()
  }

  /** Logs `write` unless the same key was logged in the last minute. */
  private once(key: string, write: () => void) {
    const now = Date.now()
    if (now - (this.lastLog.get(key) ?? 0) < LOG_EVERY_MS) return
    // Garbage on ever new topics must not grow this map without end: forget what is past its minute.
    if (this.lastLog.size >= MAX_LOG_KEYS) for (const [k, at] of this.lastLog) if (now - at >= LOG_EVERY_MS) this.lastLog.delete(k)
    if (this.lastLog.size >= MAX_LOG_KEYS) return
    this.lastLog.set(key, now)
    write()
  }

  private async stream(topic: string, machine: string, sensor: string): Promise<OpenStream | null> {
    const key = `${machine.toLowerCase()}\u0000${sensor}`
    const cached = this.streams.get(key)
    if (cached && Date.now() - cached.loadedAt < (this.options.reloadAfterMs ?? 60_000)) return cached.state
    const m = await streamMachine(machine, sensor)
    if (!m) return null
    const state = await loadStream(m, sensor, topic)
    this.streams.set(key, { state, loadedAt: Date.now() })
    return state
  }

  /** One message, stored or refused; throws only when it could not be stored (then it is not acknowledged). */
  async handle(topic: string, payload: Uint8Array): Promise<void> {
    this.stats.messages++
    await this.handleOne(topic, payload)
    this.stats.handled++
  }

  private async handleOne(topic: string, payload: Uint8Array): Promise<void> {
    const names = parseStreamTopic(topic, this.options.prefix)
    if (!names) {
      this.stats.unknown++
      this.once(`topic:${topic}`, () => log('warn', 'vibration streams: a topic without a valid machine and sensor; dropped', { topic }))
      return
    }
    const read = readStreamMessage(payload)
    let s = await this.stream(topic, names.machine, names.sensor)
    if (!s) {
      this.stats.unknown++
      this.once(`machine:${topic}`, () => log('warn', 'vibration streams: unknown machine (new ones are not created from streams); dropped', { topic, machine: names.machine }))
      return
    }
    if (!read.ok) {
      this.stats.malformed++
      this.once(`malformed:${topic}`, () => log('warn', 'vibration streams: a malformed message; dropped', { topic, problem: read.problem, bytes: payload.length }))
      await countRefused(s.machine.id, s.sensorNo, topic, { problem: read.problem })
      return
    }
    const key = `${names.machine.toLowerCase()}\u0000${names.sensor}`
    for (let attempt = 0; ; attempt++) {
      const d = decideContinuity(s.cont, read.message)
      if (d.kind === 'duplicate') {
        this.stats.duplicates++
        await countRefused(s.machine.id, s.sensorNo, topic, { duplicate: true })
        return
      }
      try {
        const { state, windows } = await appendToStream({ ...s, topic }, read.message, d)
        this.streams.set(key, { state, loadedAt: this.streams.get(key)?.loadedAt ?? Date.now() })
        this.stats.stored++
        this.stats.samples += read.message.values.length - d.skip
        this.stats.windows += windows
        if (windows > 0) for (const l of this.listeners) l(s.machine.id)
        return
      } catch (e) {
        if (attempt >= RETRIES.length) {
          this.stats.failures++
          this.streams.delete(key)
          throw e
        }
        // What we hold may be stale (a recording removed meanwhile, a half-seen commit): read it again, then retry.
        if (!isUniqueViolation(e)) await new Promise((r) => setTimeout(r, RETRIES[attempt]))
        this.streams.delete(key)
        const again = await this.stream(topic, names.machine, names.sensor).catch(() => null)
        if (!again) throw e
        s = again
      }
    }
  }
}

/** The URL without its password, for the log. */
function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'invalid URL'
  }
}

let subscriber: StreamSubscriber | null = null

/** Starts the one subscriber of this process (boot, when MQTT_URL is set). */
export function startStreamSubscriber(options: StreamSubscriberOptions): StreamSubscriber {
  subscriber ??= new StreamSubscriber(options)
  subscriber.start()
  return subscriber
}

export async function stopStreamSubscriber(): Promise<void> {
  const s = subscriber
  subscriber = null
  await s?.stop()
}

/** The running subscriber (null when MQTT_URL is unset). */
export const streamSubscriber = () => subscriber
