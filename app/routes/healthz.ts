import { databaseHealth } from '~/models/health.server'

/** Liveness and DB reachability for load balancers and the Docker HEALTHCHECK. Public, and says nothing secret. */
export async function loader() {
  const health = await databaseHealth(2000)
  return Response.json(health.body, { status: health.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
