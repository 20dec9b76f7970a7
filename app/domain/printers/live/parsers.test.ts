import { describe, expect, test } from 'vitest'
import { applyBambuReport, bambuErrorCode, normaliseBambu, readBambuMessage } from './bambu'
import { applyMoonrakerMessage, moonrakerSubscribeRequest, normaliseMoonraker, readMoonrakerMessage } from './moonraker'
import { normaliseOctoPrint } from './octoprint'

/** A Moonraker `/printer/objects/query` answer as the documentation shows it. */
const moonrakerQuery = (printStats: Record<string, unknown>, progress = 0.5) => ({
  result: {
    eventtime: 578243.57,
    status: {
      print_stats: { filename: 'benchy.gcode', total_duration: 700, print_duration: 600, filament_used: 1200.5, message: '', ...printStats },
      display_status: { progress, message: null },
      extruder: { temperature: 215.34, target: 215 },
      heater_bed: { temperature: 59.96, target: 60 },
    },
  },
})

describe('Moonraker', () => {
  test('a printing query answer maps to printing with progress, time left estimated from time printed, temperatures', () => {
    const m = readMoonrakerMessage(moonrakerQuery({ state: 'printing' }, 0.25))
    expect(m.kind).toBe('full')
    const snap = normaliseMoonraker(applyMoonrakerMessage({}, m))
    expect(snap).toEqual({ state: 'printing', progress: 0.25, remainingSeconds: 1800, file: 'benchy.gcode', nozzleC: 215.3, bedC: 60, message: null, filamentMm: 1200.5 })
  })

  test.each([
    ['standby', 'idle'],
    ['printing', 'printing'],
    ['paused', 'paused'],
    ['complete', 'finished'],
    ['cancelled', 'error'],
    ['error', 'error'],
    ['something_new', 'idle'],
  ])('print_stats.state %s → %s', (raw, state) => {
    expect(normaliseMoonraker(applyMoonrakerMessage({}, readMoonrakerMessage(moonrakerQuery({ state: raw })))).state).toBe(state)
  })

  test('a cancelled print says so; a finished one is at 100 % with no time left', () => {
    expect(normaliseMoonraker(applyMoonrakerMessage({}, readMoonrakerMessage(moonrakerQuery({ state: 'cancelled' })))).message).toBe('cancelled')
    expect(normaliseMoonraker(applyMoonrakerMessage({}, readMoonrakerMessage(moonrakerQuery({ state: 'complete' }, 0.999))))).toMatchObject({ progress: 1, remainingSeconds: 0 })
  })

  test('notify_status_update merges only the fields it carries into the known status', () => {
    let status = applyMoonrakerMessage({}, readMoonrakerMessage(moonrakerQuery({ state: 'printing' }, 0.5)))
    const delta = readMoonrakerMessage({ jsonrpc: '2.0', method: 'notify_status_update', params: [{ extruder: { temperature: 220.04 }, display_status: { progress: 0.6 } }, 578244.1] })
    expect(delta.kind).toBe('delta')
    status = applyMoonrakerMessage(status, delta)
    expect(normaliseMoonraker(status)).toMatchObject({ state: 'printing', progress: 0.6, nozzleC: 220, bedC: 60, file: 'benchy.gcode' })
  })

  test('the subscription answer is a full status; klippy notifications and errors are told apart', () => {
    expect(readMoonrakerMessage({ jsonrpc: '2.0', result: { eventtime: 1, status: { print_stats: { state: 'standby' } } }, id: 1 }).kind).toBe('full')
    expect(readMoonrakerMessage({ jsonrpc: '2.0', method: 'notify_klippy_shutdown' })).toEqual({ kind: 'klippy', event: 'shutdown' })
    expect(readMoonrakerMessage({ jsonrpc: '2.0', error: { code: 503, message: 'Klippy Host not connected' }, id: 2 })).toEqual({ kind: 'error', message: 'Klippy Host not connected' })
    expect(readMoonrakerMessage({ jsonrpc: '2.0', method: 'notify_proc_stat_update', params: [{}] }).kind).toBe('other')
    expect(readMoonrakerMessage('nonsense').kind).toBe('invalid')
    expect(readMoonrakerMessage({ method: 'notify_status_update', params: 'x' }).kind).toBe('invalid')
  })

  test('the subscribe request asks for the four objects by JSON-RPC', () => {
    expect(JSON.parse(moonrakerSubscribeRequest(7))).toEqual({
      jsonrpc: '2.0',
      method: 'printer.objects.subscribe',
      params: { objects: { print_stats: null, display_status: null, extruder: null, heater_bed: null } },
      id: 7,
    })
  })

  test('a state named like an Object property is no state ("constructor" → idle), and a __proto__ delta is ignored', () => {
    const status = applyMoonrakerMessage({}, readMoonrakerMessage(JSON.parse('{"result":{"status":{"print_stats":{"state":"constructor"},"__proto__":{"polluted":1}}}}')))
    expect(normaliseMoonraker(status).state).toBe('idle')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

/** `/api/job` and `/api/printer` bodies as OctoPrint's documentation shows them. */
const octoJob = (state: string, completion: number | null, left: number | null = 912) => ({
  job: { file: { name: 'whistle_v2.gcode', display: 'whistle_v2.gcode', origin: 'local' }, estimatedPrintTime: 8811, filament: { tool0: { length: 8100, volume: 19.5 } } },
  progress: { completion, filepos: 337942, printTime: 276, printTimeLeft: left },
  state,
})
const octoPrinter = (flags: Record<string, boolean>, text = 'Operational') => ({
  kind: 'body' as const,
  body: {
    temperature: { tool0: { actual: 214.8821, target: 220, offset: 0 }, bed: { actual: 50.221, target: 70, offset: 5 } },
    state: { text, flags: { operational: true, paused: false, printing: false, cancelling: false, pausing: false, error: false, ready: true, closedOrError: false, ...flags } },
  },
})

describe('OctoPrint', () => {
  test('printing: completion 0–100 becomes 0..1, printTimeLeft the time left, tool0/bed the temperatures', () => {
    expect(normaliseOctoPrint(octoJob('Printing', 22.98), octoPrinter({ printing: true, ready: false }, 'Printing'))).toEqual({
      state: 'printing',
      progress: 0.2298,
      remainingSeconds: 912,
      file: 'whistle_v2.gcode',
      nozzleC: 214.9,
      bedC: 50.2,
      message: null,
      // The file's 8,100 mm × 22.98 % printed.
      filamentMm: 1861.4,
    })
  })

  test.each([
    [{ paused: true }, 'paused'],
    [{ pausing: true }, 'paused'],
    [{ cancelling: true }, 'printing'],
    [{ error: true }, 'error'],
    [{ closedOrError: true, operational: false }, 'offline'],
    [{}, 'idle'],
  ])('flags %o → %s', (flags, state) => {
    expect(normaliseOctoPrint(octoJob('Operational', 10), octoPrinter(flags)).state).toBe(state)
  })

  test('an operational printer whose job reached 100 % has finished it; a 409 from /api/printer is offline', () => {
    expect(normaliseOctoPrint(octoJob('Operational', 100, null), octoPrinter({}))).toMatchObject({ state: 'finished', progress: 1, remainingSeconds: 0 })
    expect(normaliseOctoPrint(octoJob('Offline', null), { kind: 'not_operational' })).toMatchObject({ state: 'offline', message: 'printer not connected to OctoPrint', nozzleC: null })
  })

  test('without /api/printer the job state text decides, and an error carries its text', () => {
    expect(normaliseOctoPrint(octoJob('Printing from SD', 50), null).state).toBe('printing')
    expect(normaliseOctoPrint({ ...octoJob('Offline after error', null), error: 'Thermal runaway' }, null)).toMatchObject({ state: 'error', message: 'Thermal runaway' })
  })
})

/** A Bambu `push_status` report as the printers send it. */
const bambuReport = (print: Record<string, unknown>) =>
  JSON.stringify({
    print: {
      command: 'push_status',
      msg: 0,
      sequence_id: '2021',
      gcode_state: 'RUNNING',
      mc_percent: 42,
      mc_remaining_time: 73,
      gcode_file: '/data/Metadata/plate_1.gcode',
      subtask_name: 'Benchy x4',
      nozzle_temper: 219.94,
      bed_temper: 55,
      print_error: 0,
      ...print,
    },
  })

describe('Bambu Lab', () => {
  test('a running report: percent, minutes left → seconds, project name, temperatures', () => {
    const m = readBambuMessage(bambuReport({}))
    expect(m.kind).toBe('print')
    if (m.kind !== 'print') return
    expect(normaliseBambu(applyBambuReport({}, m.print))).toEqual({ state: 'printing', progress: 0.42, remainingSeconds: 4380, file: 'Benchy x4', nozzleC: 219.9, bedC: 55, message: null, filamentMm: null })
  })

  test.each([
    ['IDLE', 'idle'],
    ['PREPARE', 'printing'],
    ['RUNNING', 'printing'],
    ['PAUSE', 'paused'],
    ['FINISH', 'finished'],
    ['FAILED', 'error'],
    ['SOMETHING', 'idle'],
  ])('gcode_state %s → %s', (raw, state) => {
    const m = readBambuMessage(bambuReport({ gcode_state: raw }))
    expect(m.kind === 'print' && normaliseBambu(m.print).state).toBe(state)
  })

  test('P1 deltas merge into the last report; print_error is shown as its code', () => {
    const first = readBambuMessage(bambuReport({}))
    const delta = readBambuMessage(JSON.stringify({ print: { command: 'push_status', mc_percent: 43, print_error: 0x0500c011 } }))
    if (first.kind !== 'print' || delta.kind !== 'print') throw new Error('expected print reports')
    const snap = normaliseBambu(applyBambuReport(applyBambuReport({}, first.print), delta.print))
    expect(snap).toMatchObject({ progress: 0.43, file: 'Benchy x4', message: 'print_error 0500 C011' })
    expect(bambuErrorCode(0)).toBeNull()
    expect(bambuErrorCode(-1)).toBeNull()
  })

  test('no subtask name: the file name without its folder; other topics and junk are not reports', () => {
    const m = readBambuMessage(bambuReport({ subtask_name: '' }))
    expect(m.kind === 'print' && normaliseBambu(m.print).file).toBe('plate_1.gcode')
    expect(readBambuMessage('{"info":{"command":"get_version"}}').kind).toBe('other')
    expect(readBambuMessage('not json').kind).toBe('invalid')
    expect(readBambuMessage('[1,2]').kind).toBe('invalid')
  })
})
