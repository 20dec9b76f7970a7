import { z } from 'zod'

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)))

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Empty = unset (embedded PGlite), as `DATABASE_URL= npm start` means.
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  DATA_DIR: z.string().default('./data'),
  SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  SHOP_TIME_ZONE: z.string().default('Asia/Seoul'),
  COOKIE_SECURE: z.string().optional(),
  MES_TEST_ROUTES: z.string().optional(),
})

export type Env = z.infer<typeof EnvSchema> & { cookieSecure: boolean; testRoutes: boolean }

let cached: Env | undefined

/** Environment, validated once; a bad value stops the server at boot with a readable message. */
export function env(): Env {
  if (cached) return cached
  const parsed = EnvSchema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const cookieSecure = bool(e.NODE_ENV === 'production').parse(e.COOKIE_SECURE)
  cached = { ...e, cookieSecure, testRoutes: e.MES_TEST_ROUTES === '1' }
  return cached
}

/** Tests change the environment between cases. */
export function resetEnvCache() {
  cached = undefined
}
