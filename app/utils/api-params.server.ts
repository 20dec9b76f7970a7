/**
 * Query parameters shared by the /api/v1 GET lists (vibration-data, vibration-diagnosis): machine (id or name,
 * case-insensitive), sensor, recording, from/to (shop time zone unless an offset is given) and limit. A malformed value
 * is a 400 JSON answer, never a 500; an unknown machine name is an empty page (`{ data: [], next_cursor: null }`).
 */
import { sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationMachines } from '~db/schema'
import { parseCollectedAt } from '~/domain/vibration/ingest'
import { isUuid } from './ids'
import { apiError } from './api-auth.server'
import { hasNul } from './text'

export const badRequest = (message: string) => apiError(400, 'bad_request', message)

export interface CommonApiFilter {
  machineId?: string
  sensor?: string
  recordingId?: string
  /** Epoch ms, inclusive. */
  from?: number
  to?: number
}

/** `response` is the answer to send instead: a 400, or an empty page for a machine name nobody has. */
export type ParsedApiFilter = { ok: true; filter: CommonApiFilter; limit: number } | { ok: false; response: Response }

export async function parseApiFilter(params: URLSearchParams, timeZone: string, limits: { default: number; max: number }): Promise<ParsedApiFilter> {
  const fail = (message: string): ParsedApiFilter => ({ ok: false, response: badRequest(message) })
  // The database cannot compare text holding NUL: such a parameter is malformed.
  if ([...params.values()].some(hasNul)) return fail('parameters must not contain NUL characters')
  const filter: CommonApiFilter = {}
  const machine = params.get('machine')?.trim()
  if (machine) {
    if (isUuid(machine)) filter.machineId = machine
    else {
      const [row] = await db.select({ id: vibrationMachines.id }).from(vibrationMachines).where(sql`lower(${vibrationMachines.name}) = lower(${String(machine).slice(0, 100)})`)
      if (!row) return { ok: false, response: Response.json({ data: [], next_cursor: null }, { headers: { 'Cache-Control': 'no-store' } }) }
      filter.machineId = row.id
    }
  }
  const sensor = params.get('sensor')?.trim()
  if (sensor) filter.sensor = sensor.slice(0, 32)
  const recording = params.get('recording')?.trim()
  if (recording) {
    if (!isUuid(recording)) return fail('recording must be a uuid')
    filter.recordingId = recording
  }
  for (const key of ['from', 'to'] as const) {
    const v = params.get(key)?.trim()
    if (!v) continue
    const ms = parseCollectedAt(v, timeZone)
    if (ms === null) return fail(`${key} must be a date-time (YYYY-MM-DDTHH:MM:SS, optional offset)`)
    filter[key] = ms
  }
  const limitText = params.get('limit')
  const limit = limitText === null ? limits.default : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) return fail(`limit must be an integer from 1 to ${limits.max}`)
  return { ok: true, filter, limit }
}
