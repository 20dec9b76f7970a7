import { pingDb } from '~db/client.server'

/** Liveness and DB reachability for load balancers and the Docker HEALTHCHECK. Public, and says nothing secret. */
export async function loader() {
  const database = await pingDb(2000)
  return Response.json(
    { status: database ? 'ok' : 'degraded', database: database ? 'up' : 'down' },
    { status: database ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
