import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { createCookie, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from '@remix-run/node'
import { db } from '~db/client.server'
import { sessions, users } from '~db/schema'
import type { Role } from '~/utils/permissions'
import { hashPassword } from '~/utils/password.server'
import { CLIENT_IP_HEADER } from '~/utils/request.server'
import { hashSessionId } from '~/utils/session.server'

export const BASE = 'http://localhost'

let seq = 0
export interface TestUser {
  id: string
  username: string
  password: string
  role: Role
}

/** A user straight in the database (no audit row: fixtures are not user actions). */
export async function makeUser(role: Role, overrides: Partial<{ username: string; password: string; disabled: boolean }> = {}): Promise<TestUser> {
  const username = overrides.username ?? `${role}${++seq}x${process.pid % 1000}`
  const password = overrides.password ?? `pw-${role}-${seq}-secret`
  const [row] = await db
    .insert(users)
    .values({ username, displayName: `${role} ${seq}`, role, passwordHash: await hashPassword(password), disabledAt: overrides.disabled ? new Date() : null })
    .returning({ id: users.id })
  return { id: row.id, username, password, role }
}

const cookie = createCookie('mes_session', { path: '/', httpOnly: true, sameSite: 'lax' })

/** A live session for the user, as the Cookie header a browser would send. */
export async function sessionFor(userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  await db.insert(sessions).values({ idHash: hashSessionId(id), userId })
  return cookieHeader(await cookie.serialize(id))
}

/** Turns Set-Cookie header values into a Cookie request header. */
export function cookieHeader(...setCookies: (string | null | undefined)[]): string {
  return setCookies
    .filter((c): c is string => !!c)
    .map((c) => c.split(';')[0])
    .join('; ')
}

export function setCookies(response: { headers: Headers }): string[] {
  return response.headers.getSetCookie()
}

export function makeRequest(
  path: string,
  opts: { method?: string; form?: Record<string, string> | FormData; cookie?: string; ip?: string; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers(opts.headers)
  headers.set(CLIENT_IP_HEADER, opts.ip ?? '10.0.0.1')
  if (opts.cookie) headers.set('Cookie', opts.cookie)
  let body: BodyInit | undefined
  if (opts.form) {
    body = opts.form instanceof FormData ? opts.form : new URLSearchParams(opts.form)
  }
  return new Request(new URL(path, BASE), { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body })
}

export interface Outcome {
  status: number
  location: string | null
  headers: Headers
  data: unknown
}

/** Runs a loader or action and normalises what it returned or threw: Response, data() or a plain value. */
async function firstChunk(res: Response): Promise<string> {
  const reader = res.body!.getReader()
  const { value } = await reader.read()
  await reader.cancel()
  return new TextDecoder().decode(value)
}

export async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown
  try {
    result = await fn()
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown
    else throw thrown
  }
  if (result instanceof Response) {
    const type = result.headers.get('Content-Type') ?? ''
    // An event stream never ends: the test sees its first bytes and hangs up (which ends the stream's subscription).
    const data = type.includes('text/event-stream') ? await firstChunk(result) : type.includes('json') ? await result.json() : await result.text()
    return { status: result.status, location: result.headers.get('Location'), headers: result.headers, data }
  }
  const r = result as { type?: string; data?: unknown; init?: ResponseInit | null }
  if (r && typeof r === 'object' && r.type === 'DataWithResponseInit') {
    return { status: r.init?.status ?? 200, location: null, headers: new Headers(r.init?.headers), data: r.data }
  }
  return { status: 200, location: null, headers: new Headers(), data: result }
}

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>
type RouteModule = { loader?: Handler; action?: Handler }
const context = {} as AppLoadContext

export function callLoader(mod: RouteModule, request: Request, params: Record<string, string> = {}) {
  if (!mod.loader) throw new Error('route has no loader')
  return run(() => mod.loader!({ request, params, context }))
}

export function callAction(mod: RouteModule, request: Request, params: Record<string, string> = {}) {
  if (!mod.action) throw new Error('route has no action')
  return run(() => mod.action!({ request, params, context }))
}

export async function userRow(id: string) {
  const rows = await db.select().from(users).where(eq(users.id, id))
  return rows[0]
}
