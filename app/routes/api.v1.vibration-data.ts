import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { parseCollectedAt } from '~/domain/vibration/ingest'
import { decodeCursor, listSamples } from '~/models/vibration/samples.server'
import { importVibrationFile, type ImportOutcome } from '~/models/vibration/import-file.server'
import { apiError, requireApiToken } from '~/utils/api-auth.server'
import { logStorageFault, storageFault, type StorageFault } from '~/utils/db-errors.server'
import { parseApiFilter } from '~/utils/api-params.server'
import { env } from '~/utils/env.server'
import { clientIp } from '~/utils/request.server'
import { ByteMeter, maxUploadBytes, TooLargeError } from '~/utils/upload.server'

/**
 * /api/v1/vibration-data (resource route; described in app/utils/openapi.ts).
 * GET (read scope): samples in the previous system's row shape, keyset pages (`after` = the previous `next_cursor`).
 * POST (write scope): a `text/csv` body streamed into the same importer as the upload page, or a JSON array of rows in
 * the table-export shape turned into CSV lines and fed the same way.
 */

const DEFAULT_LIMIT = 1000
const MAX_LIMIT = 5000
/** A JSON body is parsed whole, so it gets a smaller cap than a streamed CSV body. */
const MAX_JSON_BYTES = 64 * 1024 * 1024
const noStore = { 'Cache-Control': 'no-store' }

const badRequest = (message: string, extra: Record<string, unknown> = {}) => apiError(400, 'bad_request', message, extra)

export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiToken(request, 'read')
  const params = new URL(request.url).searchParams
  const parsed = await parseApiFilter(params, env().SHOP_TIME_ZONE, { default: DEFAULT_LIMIT, max: MAX_LIMIT })
  if (!parsed.ok) return parsed.response
  const { filter, limit } = parsed
  const after = params.get('after')
  if (after && !decodeCursor(after)) return badRequest('after is not a cursor from this API')

  const page = await listSamples(filter, after, limit)
  return Response.json({ data: page.rows, next_cursor: page.nextCursor }, { headers: noStore })
}

// ---- POST ----------------------------------------------------------------------------------------------------------

const num = z.union([z.number(), z.string().max(64)])
const JsonRow = z.object({
  machine_name: z.string().max(100),
  sensor_no: z.union([z.string().max(32), z.number()]),
  collected_at: z.string().max(64),
  measured_time: num,
  normal: num,
  unbalance: num,
  looseness: num,
  unbalance_looseness: num,
})
const JsonRows = z.array(JsonRow).min(1)
const TABLE_COLUMNS = ['machine_name', 'sensor_no', 'collected_at', 'measured_time', 'normal', 'unbalance', 'looseness', 'unbalance_looseness'] as const

/**
 * One JSON value as a cell of the CSV the importer reads (quoted when it holds a separator, quote or line break). Not the
 * download writer of ~/utils/csv.server: that one guards spreadsheets by prefixing "-0.5" or "=x" with an apostrophe,
 * which would change the data this CSV carries into the importer (no spreadsheet ever opens it).
 */
function importerCell(v: string | number): string {
  const s = String(v)
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The JSON rows as CSV lines (header first), a few hundred rows per chunk. */
async function* rowsAsCsv(rows: z.infer<typeof JsonRows>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder()
  yield encoder.encode(TABLE_COLUMNS.join(',') + '\n')
  for (let start = 0; start < rows.length; start += 500) {
    const part = rows.slice(start, start + 500)
    yield encoder.encode(part.map((r) => TABLE_COLUMNS.map((c) => importerCell(r[c])).join(',')).join('\n') + '\n')
  }
}

async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      if (value) yield value
    }
  } finally {
    reader.releaseLock()
  }
}

function report(o: ImportOutcome) {
  return {
    id: o.id,
    status: o.status,
    rows_imported: o.rowsImported,
    rows_skipped: o.rowsSkipped,
    recording_count: o.recordingCount,
    problem_count: o.problemCount,
    problems: o.problems.map((p) => ({ line: p.line, column: p.column, field: p.field, code: p.code, ...(p.text !== undefined ? { text: p.text } : {}) })),
    message: o.message,
  }
}

/** The JSON answer to a storage fault: 507 storage_full, or 503 read_only / exhausted with a Retry-After. */
function storageProblem(fault: StorageFault): Response {
  if (fault === 'full') return apiError(507, 'storage_full', 'the server’s storage is full; nothing from this upload was saved')
  if (fault === 'read_only') return apiError(503, 'read_only', 'the database is read-only right now; nothing from this upload was saved', {}, { 'Retry-After': '60' })
  return apiError(503, 'storage_exhausted', 'the database server is short of resources right now; nothing from this upload was saved', {}, { 'Retry-After': '30' })
}

export async function action(args: ActionFunctionArgs) {
  try {
    return await post(args)
  } catch (e) {
    // Also covers the token check's last-used touch and the import's history row (a read-only database refuses both).
    const fault = storageFault(e)
    if (!fault) throw e // a Response (401/403…), a lost connection (handleError logs it) or a bug: as usual
    logStorageFault(e, 'api vibration-data')
    return storageProblem(fault)
  }
}

async function post({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'use GET or POST', {}, { Allow: 'GET, POST' })
  const principal = await requireApiToken(request, 'write')
  const max = maxUploadBytes()
  const tooLarge = (limit: number) => apiError(413, 'too_large', `the body is larger than ${limit} bytes`, { limit })
  const declared = Number(request.headers.get('Content-Length') ?? 0)
  if (declared > max) return tooLarge(max)

  const params = new URL(request.url).searchParams
  const timeZone = env().SHOP_TIME_ZONE
  const recordedText = params.get('recorded_at')?.trim()
  const recordedMs = recordedText ? parseCollectedAt(recordedText, timeZone) : Date.now()
  if (recordedMs === null) return badRequest('recorded_at must be a date-time')
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
  if (!request.body) return badRequest('empty body')

  let body: AsyncIterable<Uint8Array>
  let fileName = params.get('file_name')?.trim().slice(0, 255) || ''
  if (type === 'text/csv') {
    body = bodyChunks(request.body)
    fileName ||= 'api.csv'
  } else if (type === 'application/json') {
    if (declared > MAX_JSON_BYTES) return tooLarge(MAX_JSON_BYTES)
    const meter = new ByteMeter(MAX_JSON_BYTES)
    const parts: Uint8Array[] = []
    try {
      for await (const chunk of bodyChunks(request.body)) parts.push(meter.take(chunk))
    } catch (e) {
      if (e instanceof TooLargeError) return tooLarge(MAX_JSON_BYTES)
      throw e
    }
    let json: unknown
    try {
      json = JSON.parse(Buffer.concat(parts).toString('utf8'))
    } catch {
      return badRequest('the body is not valid JSON')
    }
    const rows = JsonRows.safeParse(json)
    if (!rows.success) {
      const problems = rows.error.issues.slice(0, 100).map((i) => {
        const index = typeof i.path[0] === 'number' ? i.path[0] : null
        const field = typeof i.path[1] === 'string' ? i.path[1] : null
        const column = field ? TABLE_COLUMNS.indexOf(field as (typeof TABLE_COLUMNS)[number]) + 1 || null : null
        return { line: index === null ? null : index + 2, column, field, code: i.code, text: i.message }
      })
      return badRequest('the body must be a non-empty array of rows in the table-export shape', { problems })
    }
    body = rowsAsCsv(rows.data)
    fileName ||= 'api.json'
  } else {
    return apiError(415, 'unsupported_media_type', 'send text/csv or application/json')
  }

  const outcome = await importVibrationFile({
    fileName,
    body,
    machine: params.get('machine')?.trim() || null,
    sensor: params.get('sensor')?.trim() || null,
    recordedAt: new Date(recordedMs),
    batchId: randomUUID(),
    source: 'api',
    actor: { id: null, username: `token:${principal.name}`.slice(0, 64), ip: clientIp(request) },
    tokenId: principal.tokenId,
    canCreateMachines: true,
    maxBytes: max,
    timeZone,
  })
  if (outcome.status === 'succeeded') return Response.json(report(outcome), { status: 201, headers: noStore })
  if (outcome.status === 'duplicate') return Response.json({ ...report(outcome), message: 'already imported' }, { status: 200, headers: noStore })
  if (outcome.tooLarge) return tooLarge(max)
  if (outcome.message === 'vibration.error.aborted') return apiError(500, 'import_aborted', 'the import was aborted; nothing was stored', { import: report(outcome) })
  const reasonParams = outcome.messageParams ? { reason_params: outcome.messageParams } : {}
  return badRequest('the data has problems; nothing was stored', { import_id: outcome.id, reason: outcome.message, ...reasonParams, problems: report(outcome).problems })
}
