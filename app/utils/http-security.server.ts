/** HTTP-level defences applied by the server (server.mjs) to every request, kept here so they are typed and tested. */

export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes are used by server-rendered SVG charts; no inline <script> runs without the nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function securityHeaders(nonce: string, dev = false): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce, dev),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // The camera stays available to the app itself (scanning spool and printer QR labels).
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
  }
}

export interface RequestFacts {
  method: string
  host: string | undefined
  origin: string | undefined
  secFetchSite: string | undefined
  authorization: string | undefined
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * True when a state-changing request comes from another site (CSRF). Browsers send Sec-Fetch-Site; older ones send
 * Origin, which must match the Host. Requests with neither header are not from a browser page (curl, gateways) and
 * carry no ambient authority beyond a SameSite=Lax cookie. Bearer-token API calls carry their own credential.
 */
export function isCrossSiteRequest(r: RequestFacts): boolean {
  if (SAFE_METHODS.has(r.method.toUpperCase())) return false
  if (r.authorization?.toLowerCase().startsWith('bearer ')) return false
  if (r.secFetchSite) return !['same-origin', 'none'].includes(r.secFetchSite.toLowerCase())
  if (r.origin) {
    if (r.origin === 'null') return true
    try {
      return new URL(r.origin).host.toLowerCase() !== (r.host ?? '').toLowerCase()
    } catch {
      return true
    }
  }
  return false
}
