/**
 * API tokens for gateways (`Authorization: Bearer <token>`). A token is 32 random bytes (base64url) behind a `mes_`
 * marker; only its SHA-256 is stored, plus the first characters to recognise it in the list. Scopes: `read` (GET) and
 * `write` (POST; includes read). Unknown or revoked → 401 JSON, wrong scope → 403 JSON.
 */
import { notePrincipal } from './request-context.server'
import { createHash, randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { apiTokens, users, type TokenScope } from '~db/schema'
import { audit, type Actor } from './audit.server'
import { env } from './env.server'

export const TOKEN_MARKER = 'mes_'
const PREFIX_LENGTH = 12
/** last_used_at is written at most once a minute per token (no write per request). */
const LAST_USED_GRANULARITY = "interval '60 seconds'"

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export interface ApiPrincipal {
  tokenId: string
  name: string
  scope: TokenScope
}

/** A JSON error response as the API sends it: `{ error: { code, message } }`. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: HeadersInit = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}

const unauthorized = (message: string) => apiError(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer realm="mes-lite"' })

/** The guard of every /api/v1 route: throws a 401/403 JSON Response unless the request carries a live token with `scope`. */
export async function requireApiToken(request: Request, scope: TokenScope): Promise<ApiPrincipal> {
  const header = request.headers.get('Authorization') ?? ''
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!m) throw unauthorized('Authorization: Bearer <token> required')
  const token = m[1]
  if (token.length > 200) throw unauthorized('unknown or revoked token')
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)))
  if (!row || row.revokedAt) throw unauthorized('unknown or revoked token')
  notePrincipal(request, `token:${row.id}`)
  if (scope === 'write' && row.scope !== 'write') throw apiError(403, 'forbidden', 'this token has read scope; write scope required')
  // Cheap: one conditional UPDATE that touches the row at most once a minute.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, row.id), sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - ${sql.raw(LAST_USED_GRANULARITY)})`))
  return { tokenId: row.id, name: row.name, scope: row.scope }
}

// ---- administration ------------------------------------------------------------------------------------------------

export interface TokenListItem {
  id: string
  name: string
  scope: TokenScope
  prefix: string
  createdAt: Date
  createdBy: string | null
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export async function listApiTokens(): Promise<TokenListItem[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      createdBy: users.username,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt))
}

/** Creates a token; the plain token is returned once and never stored. */
export async function createApiToken(actor: Actor, input: { name: string; scope: TokenScope }): Promise<{ id: string; token: string }> {
  const token = TOKEN_MARKER + randomBytes(32).toString('base64url')
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: input.name, scope: input.scope, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH), createdBy: actor.id })
      .returning({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, prefix: apiTokens.prefix })
    await audit(tx, actor, { action: 'token.create', entityType: 'api_token', entityId: row.id, after: row })
    return { id: row.id, token }
  })
}

export async function revokeApiToken(actor: Actor, id: string): Promise<{ name: string } | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, prefix: apiTokens.prefix })
    if (!row) return null
    await audit(tx, actor, { action: 'token.revoke', entityType: 'api_token', entityId: row.id, before: { revokedAt: null }, after: row })
    return { name: row.name }
  })
}

// ---- the one-time display ------------------------------------------------------------------------------------------

/**
 * Carries a new token to the redirect target once (60 s, HttpOnly, SameSite=Strict); the tokens loader clears it. Path
 * `/admin`, not `/admin/tokens`: single-fetch data requests go to `/admin/tokens.data`, which that path would not match.
 */
function tokenFlash() {
  return createCookie('mes_new_token', { path: '/admin', httpOnly: true, sameSite: 'strict', secure: env().cookieSecure, maxAge: 60 })
}

export async function tokenFlashHeader(value: { name: string; token: string }): Promise<string> {
  return tokenFlash().serialize(value)
}

export async function readTokenFlash(request: Request): Promise<{ value: { name: string; token: string } | null; clear: string | null }> {
  const cookie = tokenFlash()
  const raw: unknown = await cookie.parse(request.headers.get('Cookie'))
  if (!raw || typeof raw !== 'object') return { value: null, clear: null }
  const v = raw as { name?: unknown; token?: unknown }
  const clear = await cookie.serialize('', { maxAge: 0 })
  if (typeof v.name !== 'string' || typeof v.token !== 'string' || !v.token.startsWith(TOKEN_MARKER)) return { value: null, clear }
  return { value: { name: v.name, token: v.token }, clear }
}
