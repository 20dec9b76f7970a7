/** The vibration pages' GET filters, read from query parameters (unknown or malformed values are ignored, never a 500). */
import { isChannel } from './diagnosis'
import { parseCollectedAt } from './ingest'

/** Which samples the browser, the API and the export show. */
export interface SampleFilter {
  machineId?: string | null
  sensor?: string | null
  importId?: string | null
  recordingId?: string | null
  /** collected_at range (inclusive), epoch ms. */
  from?: number | null
  to?: number | null
}

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

/**
 * The diagnosis pages' GET filters (sensor, channel, from, to). A value that does not parse is dropped from the filter and
 * reported per field (an i18n key), so the page shows the field's error instead of failing.
 */
export function diagnosisFilterFromSearch(params: URLSearchParams, timeZone: string, sensors: readonly string[]) {
  const get = (k: string) => (params.get(k) ?? '').trim().slice(0, 100)
  const raw = { sensor: get('sensor'), channel: get('channel'), from: get('from'), to: get('to') }
  const errors: Partial<Record<keyof typeof raw, string>> = {}
  const sensor = raw.sensor && sensors.includes(raw.sensor) ? raw.sensor : null
  if (raw.sensor && !sensor) errors.sensor = 'vibration.diagnosis.error.sensor'
  const channel = isChannel(raw.channel) ? raw.channel : null
  if (raw.channel && !channel) errors.channel = 'vibration.diagnosis.error.channel'
  const time = (k: 'from' | 'to') => {
    if (!raw[k]) return null
    const ms = parseCollectedAt(raw[k], timeZone)
    if (ms === null) errors[k] = 'vibration.diagnosis.filter.badDate'
    return ms
  }
  return { filter: { sensor, channel, from: time('from'), to: time('to') }, raw, errors }
}
