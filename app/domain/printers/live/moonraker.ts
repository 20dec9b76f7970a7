/**
 * Moonraker (Klipper's API server), from its public documentation: the printer objects `print_stats`, `display_status`,
 * `extruder` and `heater_bed`, read with `GET /printer/objects/query?print_stats&display_status&extruder&heater_bed`
 * (`{"result":{"eventtime":…,"status":{…}}}`) and kept current over the websocket: the JSON-RPC `printer.objects.subscribe`
 * answers with the full status, then `notify_status_update` sends only what changed (`params: [status, eventtime]`).
 * Everything here takes whatever arrived and never throws.
 */
import { asCelsius, asFilamentMm, asFraction, asNumber, asObject, asText, mergeStatus, type LiveSnapshot, type LiveState } from './state'

/** The objects the connector asks for (query string and subscription). */
export const MOONRAKER_OBJECTS = ['print_stats', 'display_status', 'extruder', 'heater_bed'] as const
export const MOONRAKER_QUERY_PATH = `/printer/objects/query?${MOONRAKER_OBJECTS.join('&')}`

/** The JSON-RPC request that subscribes to the objects (all their fields). */
export function moonrakerSubscribeRequest(id: number): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'printer.objects.subscribe', params: { objects: Object.fromEntries(MOONRAKER_OBJECTS.map((o) => [o, null])) }, id })
}

export type MoonrakerMessage =
  /** A whole status (query answer or subscription answer): replaces what was known. */
  | { kind: 'full'; status: Record<string, unknown> }
  /** A `notify_status_update`: merged into what was known. */
  | { kind: 'delta'; status: Record<string, unknown> }
  /** Klippy (the firmware host) went away or came back: `notify_klippy_shutdown|disconnected|ready`. */
  | { kind: 'klippy'; event: 'shutdown' | 'disconnected' | 'ready' }
  /** A JSON-RPC error answer (e.g. Klippy not ready). */
  | { kind: 'error'; message: string }
  /** Anything else Moonraker sends (other notifications, answers we did not ask for). */
  | { kind: 'other' }
  /** Not something Moonraker sends: counted as a parse error. */
  | { kind: 'invalid' }

/** Sorts one decoded message (HTTP body or websocket frame). */
export function readMoonrakerMessage(message: unknown): MoonrakerMessage {
  const o = asObject(message)
  if (!o) return { kind: 'invalid' }
  const method = o.method
  if (method === 'notify_status_update') {
    const params = Array.isArray(o.params) ? o.params : null
    const status = params ? asObject(params[0]) : null
    return status ? { kind: 'delta', status } : { kind: 'invalid' }
  }
  if (method === 'notify_klippy_shutdown') return { kind: 'klippy', event: 'shutdown' }
  if (method === 'notify_klippy_disconnected') return { kind: 'klippy', event: 'disconnected' }
  if (method === 'notify_klippy_ready') return { kind: 'klippy', event: 'ready' }
  if (typeof method === 'string') return { kind: 'other' }
  const error = asObject(o.error)
  if (error) return { kind: 'error', message: asText(error.message) ?? 'Moonraker error' }
  const result = asObject(o.result)
  if (result) {
    const status = asObject(result.status)
    return status ? { kind: 'full', status } : { kind: 'other' }
  }
  return o.jsonrpc === '2.0' ? { kind: 'other' } : { kind: 'invalid' }
}

/** The status after one message: a full status replaces, a delta merges field by field. */
export function applyMoonrakerMessage(prev: Record<string, unknown>, message: MoonrakerMessage): Record<string, unknown> {
  if (message.kind === 'full') return mergeStatus({}, message.status)
  if (message.kind === 'delta') return mergeStatus(prev, message.status)
  return prev
}

const STATES = new Map<string, LiveState>([
  ['standby', 'idle'],
  ['printing', 'printing'],
  ['paused', 'paused'],
  ['complete', 'finished'],
  // A cancelled print did not finish: like Bambu's FAILED it is reported as an error (the message says "cancelled").
  ['cancelled', 'error'],
  ['error', 'error'],
])

/** The normalised snapshot of a (merged) Moonraker status. */
export function normaliseMoonraker(status: Record<string, unknown>): LiveSnapshot {
  const stats = asObject(status.print_stats) ?? {}
  const display = asObject(status.display_status) ?? {}
  const rawState = typeof stats.state === 'string' ? stats.state : ''
  // An unknown or missing state (a newer Klipper, Klippy starting) reads as idle: the printer answered.
  const state = STATES.get(rawState) ?? 'idle'
  const progress = asFraction(display.progress)
  const printDuration = asNumber(stats.print_duration)
  const running = state === 'printing' || state === 'paused'
  // Moonraker reports no time left: estimated from the time printed so far and the progress (as Mainsail's "file" estimate).
  const remainingSeconds =
    running && progress !== null && progress > 0.001 && printDuration !== null && printDuration >= 0 ? Math.min(100 * 86_400, Math.round((printDuration / progress) * (1 - progress))) : state === 'finished' ? 0 : null
  const message = asText(stats.message) ?? asText(display.message) ?? (rawState === 'cancelled' ? 'cancelled' : null)
  return {
    state,
    progress: state === 'finished' ? 1 : progress,
    remainingSeconds,
    file: asText(stats.filename),
    nozzleC: asCelsius(asObject(status.extruder)?.temperature),
    bedC: asCelsius(asObject(status.heater_bed)?.temperature),
    message,
    // print_stats.filament_used: mm extruded by the current (or last) print.
    filamentMm: asFilamentMm(stats.filament_used),
  }
}
