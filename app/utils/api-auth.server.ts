/**
 * API tokens for gateways (`Authorization: Bearer <token>`). A token is 32 random bytes (base64url) behind a `mes_`
 * marker; only its SHA-256 is stored, plus the first characters to recognise it in the list. Scopes: `read` (GET) and
 * `write` (POST; includes read). A token expires (chosen at creation, default 90 days) and works only while the
 * administrator who made it is still an active administrator. Unknown, revoked, expired or orphaned → 401 JSON, wrong
 * scope → 403 JSON. The last use (time and client address) is kept for the list.
 */
import { notePrincipal } from './request-context.server'
import { clientIp } from './request.server'
import { createHash, randomBytes } from 'node:crypto'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db } from '~db/client.server'
import { apiTokens, users, type TokenScope } from '~db/schema'
import { audit, type Actor } from './audit.server'
import { appCookie } from './session.server'
import { DEFAULT_TOKEN_DAYS } from './token-validity'

const TOKEN_MARKER = 'mes_'
const PREFIX_LENGTH = 12
/** last_used_at is written at most once a minute per token (no write per request). */
const LAST_USED_GRANULARITY = "interval '60 seconds'"

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

const creator = alias(users, 'creator')
const tokenExpired = sql<boolean>`${apiTokens.expiresAt} <= now()`
/**
 * A token works only while the administrator who made it is one: enabled and still in the admin role. A token without a
 * recorded creator (made by fixtures or the system; the app never deletes users) is not subject to this check.
 */
const creatorActive = sql<boolean>`${apiTokens.createdBy} is null or (${creator.id} is not null and ${creator.disabledAt} is null and ${creator.role} = 'admin')`

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
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      revokedAt: apiTokens.revokedAt,
      expired: tokenExpired,
      creatorActive,
    })
    .from(apiTokens)
    .leftJoin(creator, eq(creator.id, apiTokens.createdBy))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
  if (!row || row.revokedAt) throw unauthorized('unknown or revoked token')
  if (row.expired) throw unauthorized('token expired')
  if (!row.creatorActive) throw unauthorized('token suspended: its creator is disabled or no longer an administrator')
  notePrincipal(request, `token:${row.id}`)
  if (scope === 'write' && row.scope !== 'write') throw apiError(403, 'forbidden', 'this token has read scope; write scope required')
  // Cheap: one conditional UPDATE that touches the row (time and client address) at most once a minute.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()`, lastUsedIp: clientIp(request) })
    .where(and(eq(apiTokens.id, row.id), sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - ${sql.raw(LAST_USED_GRANULARITY)})`))
  return { tokenId: row.id, name: row.name, scope: row.scope }
}

// ---- administration ------------------------------------------------------------------------------------------------

export type TokenStatus = 'active' | 'revoked' | 'expired' | 'suspended'

export interface TokenListItem {
  id: string
  name: string
  scope: TokenScope
  prefix: string
  createdAt: Date
  createdBy: string | null
  expiresAt: Date
  lastUsedAt: Date | null
  lastUsedIp: string | null
  revokedAt: Date | null
  status: TokenStatus
}


export async function listApiTokens(): Promise<TokenListItem[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      createdBy: creator.username,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedIp: apiTokens.lastUsedIp,
      revokedAt: apiTokens.revokedAt,
      expired: tokenExpired,
      creatorActive,
    })
    .from(apiTokens)
    .leftJoin(creator, eq(creator.id, apiTokens.createdBy))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt))
  return rows.map(({ expired, creatorActive: active, ...r }) => ({
    ...r,
    status: r.revokedAt ? 'revoked' : expired ? 'expired' : !active ? 'suspended' : 'active',
  }))
}

/** Creates a token; the plain token is returned once and never stored. */
export async function createApiToken(actor: Actor, input: { name: string; scope: TokenScope; days?: number }): Promise<{ id: string; token: string }> {
  const token = TOKEN_MARKER + randomBytes(32).toString('base64url')
  const days = input.days ?? DEFAULT_TOKEN_DAYS
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        scope: input.scope,
        tokenHash: hashToken(token),
        prefix: token.slice(0, PREFIX_LENGTH),
        createdBy: actor.id,
        expiresAt: sql`now() + make_interval(days => ${days}::int)`,
      })
      .returning({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt })
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
  return appCookie('mes_new_token', { path: '/admin', sameSite: 'strict', maxAge: 60 })
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
