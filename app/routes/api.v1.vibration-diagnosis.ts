import type { LoaderFunctionArgs } from '@remix-run/node'
import { decodeDiagnosisCursor, encodeDiagnosisCursor, listDiagnoses, type DiagnosisFilter } from '~/models/vibration/diagnosis-list.server'
import { isChannel } from '~/domain/vibration/diagnosis'
import { requireApiToken } from '~/utils/api-auth.server'
import { badRequest, parseApiFilter } from '~/utils/api-params.server'
import { diagnosisJson } from '~/utils/diagnosis-api.server'
import { env } from '~/utils/env.server'

/**
 * GET /api/v1/vibration-diagnosis (read scope; described in app/utils/openapi.ts): diagnosed windows, newest first, in
 * keyset pages (`after` = the previous `next_cursor`), filtered by machine, sensor, channel, recording, fault type, status
 * ('diagnosed' or 'no_baseline') and detected_at range.
 */
const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
const noStore = { 'Cache-Control': 'no-store' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  const params = new URL(request.url).searchParams
  const parsed = await parseApiFilter(params, env().SHOP_TIME_ZONE, { default: DEFAULT_LIMIT, max: MAX_LIMIT })
  if (!parsed.ok) return parsed.response
  const { limit } = parsed
  const filter: DiagnosisFilter = { ...parsed.filter }
  const channel = params.get('channel')?.trim()
  if (channel) {
    if (!isChannel(channel)) return badRequest('channel must be one of normal, type1, type2, type3, value')
    filter.channel = channel
  }
  const fault = params.get('fault_type')?.trim()
  if (fault) {
    if (!/^[0-3]$/.test(fault)) return badRequest('fault_type must be 0, 1, 2 or 3')
    filter.faultType = Number(fault)
  }
  const status = params.get('status')?.trim()
  if (status) {
    if (status !== 'diagnosed' && status !== 'no_baseline') return badRequest('status must be diagnosed or no_baseline')
    filter.status = status
  }
  const afterText = params.get('after')
  const after = afterText ? decodeDiagnosisCursor(afterText) : null
  if (afterText && !after) return badRequest('after is not a cursor from this API')

  const page = await listDiagnoses(filter, after, limit)
  return Response.json({ data: page.rows.map(diagnosisJson), next_cursor: page.next ? encodeDiagnosisCursor(page.next) : null }, { headers: noStore })
}
