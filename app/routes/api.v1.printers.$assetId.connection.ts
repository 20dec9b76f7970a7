import type { ActionFunctionArgs } from '@remix-run/node'
import { ConnectionApiSchema } from '~/components/printers/connection-schema'
import { getConnection, saveConnection, type ConnectionView } from '~/models/printers/live/connections.server'
import { printerConnectionsChanged } from '~/models/printers/live/poller.server'
import { printerIdByAssetId } from '~/models/printers/live/store.server'
import { apiError, requireApiToken } from '~/utils/api-auth.server'
import { clientIp } from '~/utils/request.server'

const MAX_BODY_BYTES = 16 * 1024

/** The connection as the API shows it: everything but the secrets, and which secrets are stored. */
function connectionJson(c: ConnectionView) {
  return { type: c.type, host: c.host, port: c.port, tls: c.tls, secretsSet: c.secretsSet, version: c.version, updatedAt: c.updatedAt?.toISOString() ?? null }
}

async function readBody(request: Request): Promise<string | null> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {})
      return null
    }
    parts.push(value)
  }
  return Buffer.concat(parts).toString('utf8')
}

/**
 * PUT /api/v1/printers/{assetId}/connection (write scope): sets a printer's connection, as the settings page does
 * (described in app/utils/openapi.ts). A secret left out keeps the stored one (same type and host), null removes it;
 * the answer never contains a secret, only which are stored. Audited as the token.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const principal = await requireApiToken(request, 'write')
  if (request.method !== 'PUT') return apiError(405, 'method_not_allowed', 'use PUT', {}, { Allow: 'PUT' })
  const printerId = await printerIdByAssetId(params.assetId ?? '')
  if (!printerId) return apiError(404, 'not_found', 'no printer with this asset id')
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') return apiError(415, 'unsupported_media_type', 'send application/json')
  const text = await readBody(request)
  if (text === null) return apiError(413, 'too_large', `the body is larger than ${MAX_BODY_BYTES} bytes`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return apiError(400, 'bad_request', 'the body is not valid JSON')
  }
  const parsed = ConnectionApiSchema.safeParse(json)
  if (!parsed.success) {
    // Paths and codes only: a refused value (possibly a secret) is never echoed.
    const problems = parsed.error.issues.slice(0, 20).map((i) => ({ field: i.path.join('.') || null, code: i.code }))
    return apiError(400, 'bad_request', 'expected {"type","host","port","tls","serial"?,"accessCode"?,"apiKey"?}', { problems })
  }
  const body = parsed.data
  const actor = { id: null, username: `token:${principal.name}`.slice(0, 64), ip: clientIp(request) }
  const result = await saveConnection(actor, printerId, { ...body, host: body.host, port: body.port ?? null, tls: body.tls ?? body.type === 'bambu' }, null)
  if (!result.ok) {
    if (result.reason === 'invalid') return apiError(400, 'invalid_connection', 'the connection settings were refused', { problems: result.errors })
    if (result.reason === 'no_key') return apiError(503, 'secret_key_missing', 'the server has no PRINTER_SECRET_KEY: connection secrets cannot be stored')
    if (result.reason === 'not_found') return apiError(404, 'not_found', 'no printer with this asset id')
    // A PUT sends no version, so it meets no conflict; answered as the stored state all the same.
    return Response.json({ connection: connectionJson(await getConnection(printerId)), changed: false }, { headers: { 'Cache-Control': 'no-store' } })
  }
  if (result.changed) printerConnectionsChanged()
  return Response.json({ connection: connectionJson(result.connection), changed: result.changed }, { headers: { 'Cache-Control': 'no-store' } })
}
