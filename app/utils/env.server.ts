import { isIP } from 'node:net'
import { z } from 'zod'

/** Yes/no settings: `true/false`, `1/0`, `yes/no`, `on/off`; unset (or empty) is the fallback. */
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === '' ? undefined : typeof v === 'string' ? v.trim().toLowerCase() : v),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { errorMap: () => ({ message: 'expected true/false, 1/0, yes/no or on/off' }) })
      .optional()
      .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(v))),
  )

/** A whole number in [min, max]; unset or empty is the default. "12abc" or "1e3" are refused, not read as 12 or 1000. */
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional()
      .transform((v) => v ?? fallback),
  )

const text = (fallback: string) => z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).default(fallback))

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * PRINTER_SECRET_KEY: 32 bytes as 64 hex characters or as base64/base64url (44 characters with padding, 43 without).
 * Returns the key, or null when the text is neither.
 */
export function decodeSecretKey(text: string): Buffer | null {
  const v = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex')
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    return key.length === 32 ? key : null
  }
  return null
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** Express `trust proxy`: a hop count, true/false, or a comma list of addresses, subnets and the names above. */
function trustProxy(v: string): number | boolean | string | null {
  const s = v.trim()
  if (/^\d+$/.test(s)) return Number(s)
  if (s === 'true' || s === 'false') return s === 'true'
  const parts = s.split(',').map((p) => p.trim())
  const ok = parts.every((p) => {
    if (PROXY_NAMES.has(p)) return true
    const [addr, bits, ...rest] = p.split('/')
    const family = isIP(addr)
    if (!family || rest.length) return false
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
  })
  return ok ? parts.join(',') : null
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 1, 65535),
  HOST: text('0.0.0.0').refine((h) => isIP(h) !== 0 || HOSTNAME.test(h), 'expected an IP address or a host name'),
  TRUST_PROXY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return undefined
        const parsed = trustProxy(v)
        if (parsed === null) {
          ctx.addIssue({ code: 'custom', message: 'expected a hop count, true/false, or addresses/subnets/loopback/linklocal/uniquelocal separated by commas' })
          return z.NEVER
        }
        return parsed
      }),
  ),
  // Empty = unset (embedded PGlite), as `DATABASE_URL= npm start` means.
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .url()
      .refine((u) => /^postgres(ql)?:\/\//i.test(u), 'expected a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: text('./data'),
  DB_POOL_MAX: int(10, 1, 1000),
  // Worker processes sharing the port (server.mjs; PostgreSQL only): a number, or auto = one per core; unset = one.
  WEB_CONCURRENCY: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : String(v).trim().toLowerCase()),
    z
      .string()
      .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64), 'expected auto or a whole number from 1 to 64')
      .optional(),
  ),
  MIGRATIONS_DIR: text('./drizzle'),
  SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(30),
  LOGIN_MAX_FAILURES: int(10, 1, 100_000),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(15),
  LOGIN_IP_MAX_FAILURES: int(50, 1, 1_000_000),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(15),
  AUDIT_RETENTION_DAYS: int(365, 1, 36_500),
  REQUIRE_ADMIN_2FA: flag(false),
  // A one-time code for /setup; unset = a random one, printed to the log at start while no administrator exists.
  SETUP_CODE: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(12, 'at least 12 characters').max(128).optional()),
  SHOP_TIME_ZONE: text('Asia/Seoul').refine(isTimeZone, 'expected an IANA time zone such as Asia/Seoul'),
  COOKIE_SECURE: z.string().optional(),
  // Raw vibration samples are kept this many days (0: for good); features, diagnoses, fault windows and baselines stay.
  VIBRATION_RAW_RETENTION_DAYS: int(90, 0, 36_500),
  VIBRATION_MAX_UPLOAD_BYTES: int(1024 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
  LOG_REQUESTS: flag(true),
  READ_CACHE: flag(true),
  MES_TEST_ROUTES: flag(false),
  // Live vibration streams (issue #19 item 4): the broker to subscribe to; unset = off.
  MQTT_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .url()
      .refine((u) => /^(mqtts?|wss?):\/\//i.test(u), 'expected an mqtt://, mqtts://, ws:// or wss:// URL')
      .optional(),
  ),
  VIBRATION_MQTT_PREFIX: text('mes/vibration').refine((p) => !/[#+]/.test(p) && !p.includes(String.fromCharCode(0)) && !p.startsWith('/') && !p.endsWith('/'), 'expected a topic prefix without wildcards or a leading/trailing slash, e.g. mes/vibration'),
  VIBRATION_MQTT_CLIENT_ID: text('mes-lite-vibration').refine((c) => c.length <= 64 && /^[\x21-\x7e]+$/.test(c), 'expected up to 64 visible ASCII characters'),
  // Encrypts the printers' connection secrets at rest (AES-256-GCM); required once a printer has a connection.
  PRINTER_SECRET_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine((v) => decodeSecretKey(v) !== null, 'expected 32 bytes: 64 hex characters or base64 (e.g. `openssl rand -base64 32`)')
      .optional(),
  ),
})

type Parsed = z.infer<typeof EnvSchema>
export type Env = Omit<Parsed, 'COOKIE_SECURE' | 'MES_TEST_ROUTES'> & { cookieSecure: boolean; testRoutes: boolean }

const CookieSecure = z.object({ COOKIE_SECURE: flag(true) })

/** Parses an environment; the error message names every bad variable and what it expects. */
export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; message: string } {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) return { ok: false, message: envErrorMessage(parsed.error) }
  const { COOKIE_SECURE, MES_TEST_ROUTES, ...e } = parsed.data
  // Secure cookies by default in production; COOKIE_SECURE overrides either way.
  const secure = CookieSecure.safeParse({ COOKIE_SECURE: COOKIE_SECURE ?? String(e.NODE_ENV === 'production') })
  if (!secure.success) return { ok: false, message: envErrorMessage(secure.error) }
  return { ok: true, env: { ...e, cookieSecure: secure.data.COOKIE_SECURE, testRoutes: MES_TEST_ROUTES } }
}

function envErrorMessage(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
  return `Invalid environment:\n${lines.join('\n')}`
}

let cached: Env | undefined

/** Environment, validated once; a bad value stops the server at boot with a readable message naming the variable. */
export function env(): Env {
  if (cached) return cached
  const result = parseEnv(process.env)
  if (!result.ok) throw new Error(result.message)
  cached = result.env
  return cached
}

/**
 * One setting read afresh from the process environment through the same schema (tests flip READ_CACHE or the upload cap
 * between cases). A value the schema refuses falls back to the value validated at start.
 */
export function liveEnv<K extends keyof Env & keyof Parsed>(key: K): Env[K] {
  const field = EnvSchema.shape[key] as z.ZodTypeAny
  const parsed = field.safeParse(process.env[key])
  return parsed.success ? (parsed.data as Env[K]) : env()[key]
}

/** Tests change the environment between cases. */
export function resetEnvCache() {
  cached = undefined
}
