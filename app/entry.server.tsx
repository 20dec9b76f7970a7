import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceContext } from './utils/nonce'

export { boot, shutdown } from './boot.server'
export { env } from './utils/env.server'
export { isCrossSiteRequest, securityHeaders } from './utils/http-security.server'
export { observeRequest } from './utils/metrics.server'
export { takePrincipal } from './utils/request-context.server'

const ABORT_DELAY = 5_000

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce?: string
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? ''
  const waitForAll = isbot(request.headers.get('user-agent') || '') || remixContext.isSpaMode
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          noStore(responseHeaders)
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

/**
 * Pages and their data are per user (and carry a per-request CSP nonce): no browser or proxy may keep them, so a shared
 * tablet's back button or cache shows nothing of the previous user (ASVS 14.3). A route that sets its own Cache-Control
 * through its `headers` export keeps it.
 */
function noStore(headers: Headers) {
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
}

/** Single-fetch data responses (`*.data`, loaders and actions on client navigation): no-store, as the documents. */
export function handleDataRequest(response: Response) {
  if (response.headers.has('Cache-Control')) return response
  const headers = new Headers(response.headers)
  noStore(headers)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/** Server errors are logged here; users only ever see the generic error page. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', url: new URL(request.url).pathname, error: String((error as Error)?.stack ?? error) }))
}
