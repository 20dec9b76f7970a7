/**
 * Bambu Lab's LAN mode MQTT, as the printers and the public community documentation describe it: the printer is the
 * broker (TLS on 8883, user `bblp`, password = the LAN access code); reports arrive on `device/<serial>/report` as JSON
 * whose `print` object carries `gcode_state`, `mc_percent` (0–100), `mc_remaining_time` (minutes), `gcode_file`,
 * `subtask_name`, `nozzle_temper`, `bed_temper` and `print_error`. A full report is asked for by publishing `pushall` to
 * `device/<serial>/request`; P1/A1 printers then send only what changed, so reports are merged. Never throws.
 */
import { asCelsius, asFraction, asNumber, asObject, asSeconds, asText, mergeStatus, parseJson, type LiveSnapshot, type LiveState } from './state'

/** A serial is letters and digits only: it becomes part of an MQTT topic (no `/`, `+` or `#` may reach it). */
export const BAMBU_SERIAL = /^[A-Za-z0-9]{1,40}$/

export const bambuReportTopic = (serial: string) => `device/${serial}/report`
export const bambuRequestTopic = (serial: string) => `device/${serial}/request`
export const BAMBU_PUSHALL = JSON.stringify({ pushing: { sequence_id: '0', command: 'pushall' } })

export type BambuMessage = { kind: 'print'; print: Record<string, unknown> } | { kind: 'other' } | { kind: 'invalid' }

/** Sorts one report payload (the raw MQTT bytes as text). */
export function readBambuMessage(payload: string): BambuMessage {
  const body = asObject(parseJson(payload))
  if (!body) return { kind: 'invalid' }
  const print = asObject(body.print)
  if (print) return { kind: 'print', print }
  return { kind: 'other' }
}

/** The `print` status after one report (merged into the last one). */
export function applyBambuReport(prev: Record<string, unknown>, print: Record<string, unknown>): Record<string, unknown> {
  return mergeStatus(prev, print)
}

const STATES = new Map<string, LiveState>([
  ['IDLE', 'idle'],
  ['INIT', 'idle'],
  ['PREPARE', 'printing'],
  ['SLICING', 'printing'],
  ['RUNNING', 'printing'],
  ['PAUSE', 'paused'],
  ['FINISH', 'finished'],
  // Bambu reports a cancelled print as FAILED too.
  ['FAILED', 'error'],
  ['OFFLINE', 'offline'],
])

/** `print_error` as Bambu's support pages write it ("0500 C011"); 0 or nothing → null. */
export function bambuErrorCode(value: unknown): string | null {
  const n = asNumber(value)
  if (n === null || n === 0 || !Number.isInteger(n) || n < 0 || n > 0xffffffff) return null
  const hex = n.toString(16).toUpperCase().padStart(8, '0')
  return `${hex.slice(0, 4)} ${hex.slice(4)}`
}

/** The normalised snapshot of a (merged) `print` status. */
export function normaliseBambu(print: Record<string, unknown>): LiveSnapshot {
  const raw = typeof print.gcode_state === 'string' ? print.gcode_state.toUpperCase() : ''
  const state = STATES.get(raw) ?? 'idle'
  const pct = asNumber(print.mc_percent)
  const minutes = asNumber(print.mc_remaining_time)
  const running = state === 'printing' || state === 'paused'
  const error = bambuErrorCode(print.print_error)
  const gcodeFile = asText(print.gcode_file)
  return {
    state,
    progress: state === 'finished' ? 1 : pct === null ? null : asFraction(pct / 100),
    remainingSeconds: running && minutes !== null ? asSeconds(minutes * 60) : state === 'finished' ? 0 : null,
    // The project name people see in Bambu Studio; else the file's last path segment.
    file: asText(print.subtask_name) ?? (gcodeFile ? asText(gcodeFile.split('/').pop()) : null),
    nozzleC: asCelsius(print.nozzle_temper),
    bedC: asCelsius(print.bed_temper),
    message: error ? `print_error ${error}` : state === 'error' ? 'failed or cancelled' : null,
    // The LAN report says nothing about filament used: the record's grams come from the plan.
    filamentMm: null,
  }
}
