/**
 * Hostile payloads never throw and always give a well-formed snapshot (issue 18 item 2): random JSON values, random
 * strings, documented shapes with random values in every field, and names that collide with Object's prototype.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { applyBambuReport, normaliseBambu, readBambuMessage } from './bambu'
import { decideConnection } from './connection'
import { applyMoonrakerMessage, normaliseMoonraker, readMoonrakerMessage } from './moonraker'
import { normaliseOctoPrint } from './octoprint'
import { LIVE_STATES, parseJson, type LiveSnapshot } from './state'

const RUNS = 2000

function wellFormed(s: LiveSnapshot) {
  expect(LIVE_STATES).toContain(s.state)
  if (s.progress !== null) expect(s.progress >= 0 && s.progress <= 1).toBe(true)
  if (s.remainingSeconds !== null) expect(Number.isInteger(s.remainingSeconds) && s.remainingSeconds >= 0).toBe(true)
  for (const t of [s.nozzleC, s.bedC]) if (t !== null) expect(Number.isFinite(t) && t >= -50 && t <= 1000).toBe(true)
  for (const text of [s.file, s.message]) {
    if (text === null) continue
    expect(typeof text).toBe('string')
    expect(text.length).toBeGreaterThan(0)
    expect(Array.from(text).length).toBeLessThanOrEqual(255)
    expect(text.includes('\u0000')).toBe(false)
  }
}

const nasty = fc.oneof(
  fc.jsonValue(),
  fc.anything(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, -0, 1e308, '__proto__', 'constructor', 'toString', '\u0000', '\uD800', '9'.repeat(40), [], {}),
)
/** A value for a documented field: sometimes plausible, mostly hostile. */
const fieldValue = fc.oneof(nasty, fc.double(), fc.integer(), fc.constantFrom('printing', 'RUNNING', 'Printing', 'complete', 'FINISH', '215.3'))
const objectOf = (keys: string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...keys, '__proto__', 'constructor'), fc.string()), fieldValue, { maxKeys: 12 })

describe('parsers never throw on hostile payloads', () => {
  test('Moonraker: any message sequence', () => {
    const status = fc.dictionary(
      fc.constantFrom('print_stats', 'display_status', 'extruder', 'heater_bed', '__proto__', 'toString'),
      fc.oneof(objectOf(['state', 'filename', 'print_duration', 'message', 'progress', 'temperature']), nasty),
    )
    const message = fc.oneof(
      nasty,
      status.map((s) => ({ result: { status: s } })),
      fc.tuple(status, nasty).map(([s, t]) => ({ jsonrpc: '2.0', method: 'notify_status_update', params: [s, t] })),
      fc.constantFrom<unknown>({ method: 'notify_klippy_ready' }, { error: { message: 5 } }, { result: null }),
    )
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), (messages) => {
        let s: Record<string, unknown> = {}
        for (const m of messages) {
          s = applyMoonrakerMessage(s, readMoonrakerMessage(m))
          wellFormed(normaliseMoonraker(s))
        }
      }),
      { numRuns: RUNS },
    )
  })

  test('OctoPrint: any job and printer bodies', () => {
    const job = fc.oneof(nasty, fc.record({ job: fc.oneof(nasty, fc.record({ file: objectOf(['name', 'display']) })), progress: objectOf(['completion', 'printTimeLeft']), state: fieldValue, error: fieldValue }))
    const printer = fc.oneof(
      fc.constant(null),
      fc.constant({ kind: 'not_operational' as const }),
      fc.oneof(nasty, fc.record({ temperature: fc.oneof(nasty, fc.record({ tool0: objectOf(['actual']), bed: objectOf(['actual']) })), state: fc.record({ text: fieldValue, flags: objectOf(['printing', 'paused', 'error', 'operational', 'closedOrError']) }) })).map((body) => ({ kind: 'body' as const, body })),
    )
    fc.assert(fc.property(job, printer, (j, p) => wellFormed(normaliseOctoPrint(j, p))), { numRuns: RUNS })
  })

  test('Bambu: any payload text, and report objects with hostile fields, merged in sequence', () => {
    const report = objectOf(['gcode_state', 'mc_percent', 'mc_remaining_time', 'gcode_file', 'subtask_name', 'nozzle_temper', 'bed_temper', 'print_error'])
    const payload = fc.oneof(fc.string({ unit: 'binary' }), report.map((print) => JSON.stringify({ print })), nasty.map((v) => JSON.stringify(v) ?? 'undefined'))
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 6 }), (payloads) => {
        let s: Record<string, unknown> = {}
        for (const p of payloads) {
          const m = readBambuMessage(p)
          if (m.kind === 'print') s = applyBambuReport(s, m.print)
          wellFormed(normaliseBambu(s))
        }
      }),
      { numRuns: RUNS },
    )
  })

  test('parseJson returns null for anything that is not JSON, and refuses oversized bodies', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseJson(s)), { numRuns: RUNS })
    expect(parseJson('{"a":1}'.padEnd(2_000_000, ' '))).toBeNull()
  })

  test('connection rules: any input gives errors or settings that are valid to store', () => {
    const secret = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ unit: 'binary', maxLength: 200 }))
    const input = fc.record({
      type: fc.constantFrom('none' as const, 'moonraker' as const, 'octoprint' as const, 'bambu' as const),
      host: fc.string({ unit: 'binary', maxLength: 300 }),
      port: fc.oneof(fc.constant(null), fc.integer(), fc.double()),
      tls: fc.boolean(),
      apiKey: secret,
      serial: secret,
      accessCode: secret,
      clearSecrets: fc.boolean(),
    })
    fc.assert(
      fc.property(input, (i) => {
        const d = decideConnection(i, null)
        if (d.errors.length > 0 || d.settings.type === 'none') return
        expect(d.settings.port! >= 1 && d.settings.port! <= 65535).toBe(true)
        expect(d.settings.host).toMatch(/^[A-Za-z0-9.:-]+$/)
        if (d.secrets.serial) expect(d.secrets.serial).toMatch(/^[A-Za-z0-9]+$/)
      }),
      { numRuns: RUNS },
    )
  })
})
