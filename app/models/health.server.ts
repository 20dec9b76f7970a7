import { pingDb } from '~db/client.server'

/** What /healthz reports: up when the database answers within `timeoutMs`, degraded otherwise (never a secret). */
export async function databaseHealth(timeoutMs = 2000): Promise<{ ok: boolean; body: { status: 'ok' | 'degraded'; database: 'up' | 'down' } }> {
  const up = await pingDb(timeoutMs)
  return { ok: up, body: { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' } }
}
