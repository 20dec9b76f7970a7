import { describe, expect, test } from 'vitest'
import { parseEnv } from '~/utils/env.server'

// Issue #15 finding 13: about half of the variables were read straight from process.env, unchecked.

const parse = (vars: Record<string, string>) => parseEnv({ NODE_ENV: 'production', ...vars })
const message = (vars: Record<string, string>) => {
  const r = parse(vars)
  return r.ok ? null : r.message
}

describe('environment validation', () => {
  test('defaults: an empty environment is valid', () => {
    const r = parseEnv({})
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.env).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATA_DIR: './data',
      DB_POOL_MAX: 10,
      MIGRATIONS_DIR: './drizzle',
      SESSION_IDLE_HOURS: 12,
      SESSION_MAX_DAYS: 30,
      LOGIN_MAX_FAILURES: 10,
      LOGIN_WINDOW_MINUTES: 15,
      LOGIN_IP_MAX_FAILURES: 50,
      LOGIN_IP_WINDOW_MINUTES: 15,
      AUDIT_RETENTION_DAYS: 365,
      REQUIRE_ADMIN_2FA: false,
      SHOP_TIME_ZONE: 'Asia/Seoul',
      VIBRATION_MAX_UPLOAD_BYTES: 1024 ** 3,
      VIBRATION_MQTT_PREFIX: 'mes/vibration',
      VIBRATION_MQTT_CLIENT_ID: 'mes-lite-vibration',
      LOG_REQUESTS: true,
      READ_CACHE: true,
      testRoutes: false,
      cookieSecure: false,
    })
    expect(r.env.TRUST_PROXY).toBeUndefined()
    expect(parse({}).ok && (parse({}) as { env: { cookieSecure: boolean } }).env.cookieSecure).toBe(true)
  })

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['HOST', 'not a host!'],
    ['TRUST_PROXY', 'sometimes'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['READ_CACHE', 'maybe'],
    ['LOG_REQUESTS', 'quiet'],
    ['MIGRATIONS_DIR', '   '],
    ['DB_POOL_MAX', '0'],
    ['DB_POOL_MAX', 'ten'],
    ['WEB_CONCURRENCY', 'many'],
    ['WEB_CONCURRENCY', '0'],
    ['WEB_CONCURRENCY', '65'],
    ['VIBRATION_MAX_UPLOAD_BYTES', '1GB'],
    ['VIBRATION_MAX_UPLOAD_BYTES', '-5'],
    ['SHOP_TIME_ZONE', 'Asia/Atlantis'],
    ['SHOP_TIME_ZONE', 'KST+9'],
    ['MQTT_URL', 'http://127.0.0.1:1883'],
    ['VIBRATION_MQTT_PREFIX', 'mes/#'],
    ['VIBRATION_MQTT_PREFIX', 'mes/vibration/'],
    ['VIBRATION_MQTT_CLIENT_ID', 'two words'],
    ['DATA_DIR', '  '],
    ['DATABASE_URL', 'mysql://u@h/db'],
    ['SESSION_MAX_DAYS', '0'],
    ['SESSION_IDLE_HOURS', 'twelve'],
    ['LOGIN_IP_MAX_FAILURES', '-1'],
    ['AUDIT_RETENTION_DAYS', '1y'],
    ['REQUIRE_ADMIN_2FA', 'please'],
    ['SETUP_CODE', 'short'],
    ['COOKIE_SECURE', 'sure'],
    ['MES_TEST_ROUTES', 'enabled'],
  ])('%s=%j stops the start with a message naming the variable', (name, value) => {
    const m = message({ [name]: value })
    expect(m).toContain('Invalid environment')
    expect(m).toContain(`${name}:`)
  })

  test('every bad variable is named at once', () => {
    const m = message({ PORT: 'x', SHOP_TIME_ZONE: 'Nowhere/Town' })!
    expect(m).toContain('PORT:')
    expect(m).toContain('SHOP_TIME_ZONE:')
  })

  test('accepted forms are parsed into what the server uses', () => {
    const r = parse({
      PORT: '8080',
      HOST: '127.0.0.1',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      READ_CACHE: '0',
      LOG_REQUESTS: 'off',
      DB_POOL_MAX: '25',
      VIBRATION_MAX_UPLOAD_BYTES: '2000',
      SHOP_TIME_ZONE: 'Europe/Berlin',
      COOKIE_SECURE: 'false',
      REQUIRE_ADMIN_2FA: '1',
      DATABASE_URL: '',
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.env).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', TRUST_PROXY: 'loopback,10.0.0.0/8', READ_CACHE: false, LOG_REQUESTS: false, DB_POOL_MAX: 25 })
    expect(r.env).toMatchObject({ VIBRATION_MAX_UPLOAD_BYTES: 2000, SHOP_TIME_ZONE: 'Europe/Berlin', cookieSecure: false, REQUIRE_ADMIN_2FA: true })
    expect(r.env.DATABASE_URL).toBeUndefined()
    expect((parse({ TRUST_PROXY: '2' }) as { env: { TRUST_PROXY: unknown } }).env.TRUST_PROXY).toBe(2)
    expect((parse({ TRUST_PROXY: 'true' }) as { env: { TRUST_PROXY: unknown } }).env.TRUST_PROXY).toBe(true)
  })
})
