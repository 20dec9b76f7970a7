import { env } from '~/utils/env.server'

/**
 * Exists only when MES_TEST_ROUTES=1 (the e2e server): throws an error whose message looks like SQL, so the suite can prove
 * that a production error page shows neither the message nor a stack. Everywhere else it is a 404.
 */
export async function loader() {
  if (!env().testRoutes) throw new Response('Not found', { status: 404 })
  throw new Error('forced failure: SELECT password_hash FROM users -- at secretFunction (/app/secret.ts:1:1)')
}

export default function TestError() {
  return null
}
