// MES Lite HTTP server: Express in front of the Remix build. Applies migrations at start, sets security headers,
// refuses cross-site writes, and shuts down cleanly on SIGTERM/SIGINT.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { broadcastDevReady } from '@remix-run/node'
import compression from 'compression'
import express from 'express'

const mode = process.env.NODE_ENV === 'development' ? 'development' : 'production'
process.env.NODE_ENV = mode
const BUILD_PATH = path.resolve('build/index.js')
const PORT = Number(process.env.PORT || 3000)
const HOST = process.env.HOST || '0.0.0.0'

const importBuild = async () => import(pathToFileURL(BUILD_PATH).href + (mode === 'development' ? `?t=${fs.statSync(BUILD_PATH).mtimeMs}` : ''))

if (!fs.existsSync(BUILD_PATH)) {
  console.error('No build found. Run `npm run build` first (npm start does it for you).')
  process.exit(1)
}
let build = await importBuild()
const entry = build.entry.module
const { database } = await entry.boot()

// The embedded database belongs to this process: `npm run db:backup/restore` refuse while this file names a live pid.
const pidFile = process.env.DATABASE_URL ? null : path.resolve(process.env.DATA_DIR ?? './data', 'server.pid')
if (pidFile) fs.writeFileSync(pidFile, String(process.pid))
const removePidFile = () => {
  try {
    if (pidFile && fs.readFileSync(pidFile, 'utf8') === String(process.pid)) fs.rmSync(pidFile)
  } catch {
    // already gone
  }
}

const app = express()
app.disable('x-powered-by')
if (process.env.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY)
app.use(compression())

// Access log (one JSON line per response: method, path without query, status, duration, who — never secrets) and the
// request-duration histogram of /metrics. `principal` is filled in by the app when it authenticates the request.
const quiet = process.env.LOG_REQUESTS === '0'
let requestSeq = 0
app.use((req, res, next) => {
  const t0 = process.hrtime.bigint()
  const id = String(++requestSeq)
  // Set by the server only (a client's own value is overwritten), like x-mes-client-ip below.
  req.headers['x-mes-request-id'] = id
  res.on('close', () => entry.takePrincipal(id))
  res.on('finish', () => {
    const principal = entry.takePrincipal(id)
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    const pathname = req.path
    entry.observeRequest(req.method, pathname, res.statusCode, seconds)
    if (quiet || pathname.startsWith('/build/') || pathname === '/healthz') return
    console.log(
      JSON.stringify({
        ts: new Date().toISOString(),
        level: res.statusCode >= 500 ? 'error' : 'info',
        msg: 'request',
        method: req.method,
        path: pathname,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        principal,
        ip: req.ip,
      }),
    )
  })
  next()
})

app.use((req, res, next) => {
  const nonce = randomBytes(16).toString('base64')
  res.locals.cspNonce = nonce
  res.set(entry.securityHeaders(nonce, mode === 'development'))
  // The client address reaches the app in a header only the server sets.
  req.headers['x-mes-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  const crossSite = entry.isCrossSiteRequest({
    method: req.method,
    host: req.get('x-forwarded-host') && app.get('trust proxy') ? req.get('x-forwarded-host') : req.get('host'),
    origin: req.get('origin'),
    secFetchSite: req.get('sec-fetch-site'),
    authorization: req.get('authorization'),
  })
  if (crossSite) {
    res.status(403).type('text/plain').send('Cross-site request refused')
    return
  }
  next()
})

app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
app.use(express.static('public', { maxAge: '1h', index: false }))

app.all(
  '*',
  createRequestHandler({
    mode,
    build: mode === 'development' ? () => importBuild() : build,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
  }),
)

// Express's last resort: a request that blew up outside Remix gets a plain, detail-free 500.
app.use((err, _req, res, _next) => {
  console.error(JSON.stringify({ level: 'error', msg: 'express', error: String(err?.stack ?? err) }))
  if (!res.headersSent) res.status(500).type('text/plain').send('Internal Server Error')
})

const server = app.listen(PORT, HOST, () => {
  const shown = HOST === '0.0.0.0' || HOST === '::' ? 'localhost' : HOST
  console.log(`MES Lite is running at http://${shown}:${PORT}  (${mode}, database: ${database})`)
  if (mode === 'development') broadcastDevReady(build)
})

if (mode === 'development') {
  fs.watch(path.dirname(BUILD_PATH), { persistent: false }, async () => {
    try {
      build = await importBuild()
      broadcastDevReady(build)
    } catch {}
  })
}

let stopping = false
async function stop(signal) {
  if (stopping) return
  stopping = true
  console.log(`${signal} received: closing connections and the database`)
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  server.close()
  server.closeIdleConnections?.()
  try {
    await entry.shutdown()
  } finally {
    removePidFile()
    process.exit(0)
  }
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
