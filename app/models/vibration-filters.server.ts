import { parseCollectedAt } from '~/domain/vibration/ingest'
import type { SampleFilter } from './vibration.server'

/** Browser/API/export filters from query parameters (unknown or malformed values are ignored, never a 500). */
export function filterFromSearch(params: URLSearchParams, timeZone: string): SampleFilter & { raw: Record<string, string> } {
  const get = (k: string) => (params.get(k) ?? '').trim().slice(0, 100)
  const time = (k: string) => {
    const v = get(k)
    return v ? parseCollectedAt(v, timeZone) : null
  }
  const raw = { machine: get('machine'), sensor: get('sensor'), import: get('import'), from: get('from'), to: get('to') }
  return {
    machineId: raw.machine || null,
    sensor: raw.sensor || null,
    importId: raw.import || null,
    recordingId: get('recording') || null,
    from: time('from'),
    to: time('to'),
    raw,
  }
}
