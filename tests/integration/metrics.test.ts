import { expect, test } from 'vitest'
import * as metrics from '~/routes/metrics'
import { createApiToken } from '~/utils/api-auth.server'
import { areaOf, observeRequest } from '~/utils/metrics.server'
import { makeRequest, makeUser, run } from '../support/app'

test('/metrics answers Prometheus text to a read token only: request durations, database and domain gauges', async () => {
  const admin = await makeUser('admin')
  const { token } = await createApiToken({ id: admin.id, username: admin.username }, { name: 'prometheus', scope: 'read' })
  observeRequest('GET', '/orders/123', 200, 0.042)
  observeRequest('GET', '/wp-admin/setup.php', 404, 0.001)

  const anonymous = await run(() => metrics.loader({ request: makeRequest('/metrics'), params: {}, context: {} }))
  expect(anonymous.status).toBe(401)

  const res = (await metrics.loader({ request: makeRequest('/metrics', { headers: { Authorization: `Bearer ${token}` } }), params: {}, context: {} })) as Response
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toContain('text/plain')
  const body = await res.text()
  expect(body).toMatch(/mes_http_request_duration_seconds_count\{method="GET",area="orders",status="2xx"\} \d+/)
  // unknown paths never become labels of their own
  expect(body).toContain('area="other",status="4xx"')
  expect(body).not.toContain('wp-admin')
  expect(body).toContain('mes_db_up 1')
  expect(body).toMatch(/mes_db_ping_seconds \d/)
  expect(body).toContain('# TYPE mes_print_jobs gauge')
  expect(body).toContain('mes_process_cpu_user_seconds_total')
  expect(body).not.toContain(token)
})

test('areas come from a fixed list', () => {
  expect(areaOf('/')).toBe('home')
  expect(areaOf('/schedule/jobs/x')).toBe('schedule')
  expect(areaOf('/api/v1/machines')).toBe('api')
  expect(areaOf('/../../etc/passwd')).toBe('other')
})
