import type { LoaderFunctionArgs } from '@remix-run/node'
import { messagesScript } from '~/utils/messages-script.server'

/**
 * GET /i18n/<locale>.<version>.js — the page's language for the browser (public, like the stylesheets: the login page
 * needs it too). The versioned address is cached for good; an address without (or with an old) version is revalidated.
 */
export function loader({ params, request }: LoaderFunctionArgs) {
  const m = /^(ko|en)(?:\.([0-9a-f]{12}))?\.js$/.exec(params.file ?? '')
  if (!m) throw new Response('Not found', { status: 404 })
  const { body, version } = messagesScript(m[1] as 'ko' | 'en')
  const etag = `"${version}"`
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': m[2] === version ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  return new Response(body, { headers })
}
