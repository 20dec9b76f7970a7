/** HTTP-level defences applied by the server (server.mjs) to every request, kept here so they are typed and tested. */

/** The session cookie's name (with the `__Host-` prefix when cookies are Secure: see appCookie in session.server.ts). */
export const SESSION_COOKIE = 'mes_session'
const SESSION_COOKIE_IN_HEADER = new RegExp(`(?:^|;)\\s*(?:__Host-)?${SESSION_COOKIE}=`)

/** HSTS: two years, subdomains included (ASVS 5.0 3.4.1, L2). Sent only when cookies are Secure, i.e. served over HTTPS. */
export const HSTS = 'max-age=63072000; includeSubDomains'

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

export function securityHeaders(nonce: string, dev = false, opts: { hsts?: boolean } = {}): Record<string, string> {
  return {
    ...(opts.hsts ? { 'Strict-Transport-Security': HSTS } : {}),
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
  /** The host the app answers as: X-Forwarded-Host when the proxy is trusted, else Host. */
  host: string | undefined
  origin: string | undefined
  secFetchSite: string | undefined
  authorization: string | undefined
  /** The path of the request (the Bearer exemption holds for /api/v1/* only). */
  path?: string
  /** The Cookie header (a request carrying a session cookie is a browser's, whatever else it carries). */
  cookie?: string
  /** The raw Host and X-Forwarded-Host headers, as Remix's own origin check reads them. */
  hostHeader?: string
  forwardedHost?: string
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Remix refuses an action whose Origin differs from X-Forwarded-Host (else Host) by throwing, which renders a 500. The
 * server answers those requests 403 itself, before Remix sees them.
 */
function remixWouldRefuse(r: RequestFacts): boolean {
  if (!r.origin) return false
  let originHost: string
  try {
    originHost = r.origin === 'null' ? 'null' : new URL(r.origin).host
  } catch {
    return true
  }
  const host = r.forwardedHost?.split(',')[0]?.trim() || r.hostHeader || r.host
  return !host || originHost !== host
}

/**
 * True when a state-changing request comes from another site (CSRF). Browsers send Sec-Fetch-Site; older ones send
 * Origin, which must match the Host. Requests with neither header are not from a browser page (curl, gateways) and
 * carry no ambient authority beyond a SameSite=Lax cookie. Bearer-token calls to /api/v1/* carry their own credential
 * and are exempt, unless they also carry a session cookie (then a browser sends them, with its ambient authority).
 */
export function isCrossSiteRequest(r: RequestFacts): boolean {
  if (SAFE_METHODS.has(r.method.toUpperCase())) return false
  const bearer = r.authorization?.toLowerCase().startsWith('bearer ') ?? false
  if (bearer && (r.path ?? '').startsWith('/api/v1/') && !SESSION_COOKIE_IN_HEADER.test(r.cookie ?? '')) return false
  if (remixWouldRefuse(r)) return true
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
