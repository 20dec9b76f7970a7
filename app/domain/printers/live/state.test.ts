import { describe, expect, test } from 'vitest'
import { decideConnection, defaultPort, isValidHost, secretsSet } from './connection'
import { asText, backoffMs, effectiveLive, EMPTY_SNAPSHOT, isStateChange, mergeStatus, sameSnapshot, type LiveRecord } from './state'

const record = (over: Partial<LiveRecord>): LiveRecord => ({ ...EMPTY_SNAPSHOT, state: 'printing', lastSeenAt: null, connectedSince: null, lastError: null, lastErrorAt: null, ...over })

describe('live state', () => {
  const now = new Date('2026-03-02T10:00:00Z')

  test('a printer heard from within 30 s keeps its state; after 30 s, or never heard from, it is offline', () => {
    expect(effectiveLive(record({ lastSeenAt: new Date(now.getTime() - 30_000) }), now).state).toBe('printing')
    expect(effectiveLive(record({ lastSeenAt: new Date(now.getTime() - 30_001) }), now).state).toBe('offline')
    expect(effectiveLive(record({ lastSeenAt: null }), now).state).toBe('offline')
    expect(effectiveLive(record({ lastSeenAt: new Date(now.getTime() - 5_000) }), now, 1_000).state).toBe('offline')
  })

  test('a state change is a different state; the first report counts', () => {
    expect(isStateChange(null, 'idle')).toBe(true)
    expect(isStateChange('printing', 'printing')).toBe(false)
    expect(isStateChange('printing', 'finished')).toBe(true)
  })

  test('reconnect delays double from 1 s up to 30 s, with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffMs(n, 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect(backoffMs(1, 0)).toBe(800)
    expect(backoffMs(1, 1)).toBe(1200)
    expect(backoffMs(Number.NaN, Number.NaN)).toBe(1000)
  })

  test('texts from a printer lose control characters and stop at 255 characters', () => {
    expect(asText('  a\u0000b\u202ec\n ')).toBe('abc')
    expect(asText('x'.repeat(1000))).toHaveLength(255)
    expect(asText('\u0000')).toBeNull()
    expect(asText(5)).toBeNull()
  })

  test('a merge never writes to an object prototype', () => {
    const merged = mergeStatus({ a: { x: 1 } }, JSON.parse('{"a":{"__proto__":{"evil":1},"y":2},"__proto__":{"evil":1}}') as Record<string, unknown>)
    expect(merged.a).toEqual({ x: 1, y: 2 })
    expect(({} as Record<string, unknown>).evil).toBeUndefined()
  })

  test('same snapshot compares what a reader sees', () => {
    expect(sameSnapshot(EMPTY_SNAPSHOT, { ...EMPTY_SNAPSHOT })).toBe(true)
    expect(sameSnapshot(EMPTY_SNAPSHOT, { ...EMPTY_SNAPSHOT, nozzleC: 20 })).toBe(false)
  })
})

describe('connection settings', () => {
  const stored = { settings: { type: 'octoprint' as const, host: 'octo.local', port: 80, tls: false }, secrets: { apiKey: 'OLDKEY' } }

  test('hosts are names or addresses, nothing with a scheme, path or port', () => {
    for (const ok of ['octo.local', '192.168.1.20', 'fe80::1', 'printer-3', '127.0.0.1']) expect(isValidHost(ok), ok).toBe(true)
    for (const bad of ['http://x', 'x/y', 'x:80', ' ', 'a b', '-x', '999.1.1.1.1']) expect(isValidHost(bad), bad).toBe(false)
  })

  test('type none stores nothing; a port left empty takes the type default', () => {
    expect(decideConnection({ type: 'none', host: 'x', port: 1, tls: true, apiKey: 'k' }, stored)).toEqual({ errors: [], settings: { type: 'none', host: '', port: null, tls: false }, secrets: {} })
    expect(decideConnection({ type: 'moonraker', host: 'k1.local', port: null, tls: false }, null).settings.port).toBe(7125)
    expect(defaultPort('bambu', true)).toBe(8883)
    expect(defaultPort('octoprint', true)).toBe(443)
  })

  test('a blank secret keeps the stored one for the same type and host; a new value replaces it', () => {
    expect(decideConnection({ type: 'octoprint', host: 'OCTO.local', port: 8080, tls: false, apiKey: '' }, stored)).toMatchObject({ errors: [], secrets: { apiKey: 'OLDKEY' } })
    expect(decideConnection({ type: 'octoprint', host: 'octo.local', port: 80, tls: false, apiKey: 'NEW' }, stored).secrets).toEqual({ apiKey: 'NEW' })
  })

  test('another host or type drops the stored secrets: they must be given again', () => {
    expect(decideConnection({ type: 'octoprint', host: 'evil.example', port: 80, tls: false }, stored).errors).toEqual([{ field: 'apiKey', code: 'secret_required' }])
    expect(decideConnection({ type: 'moonraker', host: 'octo.local', port: null, tls: false }, stored)).toMatchObject({ errors: [], secrets: {} })
    expect(decideConnection({ type: 'octoprint', host: 'octo.local', port: 80, tls: false, clearSecrets: true }, stored).errors).toEqual([{ field: 'apiKey', code: 'secret_required' }])
  })

  test('Bambu needs a serial of letters and digits and an access code; null removes an optional key', () => {
    expect(decideConnection({ type: 'bambu', host: '10.0.0.5', port: null, tls: true, serial: '01P00A/#', accessCode: '12345678' }, null).errors).toEqual([{ field: 'serial', code: 'serial_invalid' }])
    expect(decideConnection({ type: 'bambu', host: '10.0.0.5', port: null, tls: true, serial: '01P00A123' }, null).errors).toEqual([{ field: 'accessCode', code: 'secret_required' }])
    const moon = { settings: { type: 'moonraker' as const, host: 'k1', port: 7125, tls: false }, secrets: { apiKey: 'K' } }
    expect(decideConnection({ type: 'moonraker', host: 'k1', port: 7125, tls: false, apiKey: null }, moon).secrets).toEqual({})
  })

  test('bad host, port and secret characters are refused field by field', () => {
    expect(decideConnection({ type: 'octoprint', host: '', port: 70000, tls: false, apiKey: 'with space' }, null).errors).toEqual([
      { field: 'host', code: 'host_required' },
      { field: 'port', code: 'port_invalid' },
      { field: 'apiKey', code: 'secret_invalid' },
    ])
  })

  test('the page learns which secrets are stored, never their values', () => {
    expect(secretsSet('bambu', { serial: 'S', accessCode: 'A' })).toEqual({ serial: true, accessCode: true })
    expect(secretsSet('moonraker', null)).toEqual({ apiKey: false })
  })
})
