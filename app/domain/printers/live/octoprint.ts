/**
 * OctoPrint's REST API, from its public documentation: `GET /api/job` (`job.file`, `progress.completion` 0–100,
 * `progress.printTimeLeft` in seconds, `state` text) and `GET /api/printer` (`temperature.tool0/bed.actual`,
 * `state.flags`; 409 while OctoPrint has no serial connection to the printer). Both sent with `X-Api-Key`. Nothing here
 * throws, whatever the bodies hold.
 */
import { asCelsius, asFilamentMm, asNumber, asObject, asSeconds, asText, type LiveSnapshot, type LiveState } from './state'

export const OCTOPRINT_JOB_PATH = '/api/job'
export const OCTOPRINT_PRINTER_PATH = '/api/printer'

/** What `/api/printer` answered: its body, or that OctoPrint is up but not connected to the printer (409). */
export type OctoPrintPrinter = { kind: 'body'; body: unknown } | { kind: 'not_operational' }

function flag(flags: Record<string, unknown> | null, name: string): boolean {
  return flags?.[name] === true
}

/** The state from `/api/printer`'s flags; null when there are none to read. */
function stateFromFlags(flags: Record<string, unknown> | null): LiveState | 'operational' | null {
  if (!flags) return null
  if (flag(flags, 'error')) return 'error'
  if (flag(flags, 'closedOrError')) return 'offline'
  if (flag(flags, 'paused') || flag(flags, 'pausing')) return 'paused'
  if (flag(flags, 'printing') || flag(flags, 'cancelling') || flag(flags, 'finishing')) return 'printing'
  if (flag(flags, 'operational') || flag(flags, 'ready')) return 'operational'
  return null
}

/** The state from `/api/job`'s `state` text ("Printing from SD", "Offline after error" …). */
function stateFromText(text: string | null): LiveState | 'operational' | null {
  if (!text) return null
  const t = text.toLowerCase()
  if (t.startsWith('offline after error') || t.startsWith('error')) return 'error'
  if (t.startsWith('offline') || t.startsWith('closed')) return 'offline'
  if (t.startsWith('paus')) return 'paused'
  if (t.startsWith('printing') || t.startsWith('cancelling') || t.startsWith('finishing') || t.startsWith('starting') || t.startsWith('resuming')) return 'printing'
  if (t.startsWith('operational') || t.startsWith('ready')) return 'operational'
  return null
}

/** The normalised snapshot of one poll (both answers). */
export function normaliseOctoPrint(jobBody: unknown, printer: OctoPrintPrinter | null): LiveSnapshot {
  const job = asObject(jobBody) ?? {}
  const progressObj = asObject(job.progress) ?? {}
  const file = asObject(asObject(job.job)?.file)
  const fileName = asText(file?.display) ?? asText(file?.name)
  const length = asFilamentMm(asObject(asObject(asObject(job.job)?.filament)?.tool0)?.length)
  const completion = asNumber(progressObj.completion)
  const progress = completion === null ? null : Math.min(1, Math.max(0, completion / 100))
  const printerBody = printer?.kind === 'body' ? asObject(printer.body) : null
  const temps = asObject(printerBody?.temperature)
  const stateObj = asObject(printerBody?.state)
  const jobText = asText(job.state)
  const printerText = asText(stateObj?.text)
  let found = stateFromFlags(asObject(stateObj?.flags)) ?? stateFromText(printerText) ?? stateFromText(jobText)
  if (printer?.kind === 'not_operational') found = 'offline'
  // OctoPrint has no "finished": an operational printer whose selected job reached 100 % has just finished it.
  const state: LiveState = found === 'operational' || found === null ? (progress !== null && progress >= 1 && fileName ? 'finished' : 'idle') : found
  const running = state === 'printing' || state === 'paused'
  return {
    state,
    progress,
    remainingSeconds: running ? asSeconds(progressObj.printTimeLeft) : state === 'finished' ? 0 : null,
    file: fileName,
    nozzleC: asCelsius(asObject(temps?.tool0)?.actual),
    bedC: asCelsius(asObject(temps?.bed)?.actual),
    message:
      printer?.kind === 'not_operational'
        ? 'printer not connected to OctoPrint'
        : state === 'error'
          ? (asText(job.error) ?? printerText ?? jobText)
          : null,
    // The file's filament length (its slicer's estimate for the whole print) times the part printed so far.
    filamentMm: length === null || progress === null ? null : asFilamentMm(length * progress),
  }
}
