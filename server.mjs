// MES Lite HTTP server: Express in front of the Remix build. Applies migrations at start, sets security headers,
// refuses cross-site writes, and shuts down cleanly on SIGTERM/SIGINT.
import cluster from 'node:cluster'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import zlib from 'node:zlib'
import { createRequestHandler } from '@remix-run/express'
import { broadcastDevReady } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { coalesceWrites } from './server/coalesce-writes.mjs'
// nivo draws its charts here without react-spring's controller per bar, tick and grid line (charts never animate; the
// browser keeps the real library): registered before the build (and so nivo) is loaded.
import './server/static-spring-register.mjs'

// The one setting read before the build is loaded (Remix and React pick their mode from it at import); everything else
// comes from the app's validated environment below.
const mode = process.env.NODE_ENV === 'development' ? 'development' : 'production'
process.env.NODE_ENV = mode
const BUILD_PATH = path.resolve('build/index.js')

/**
 * One process per core (WEB_CONCURRENCY, with PostgreSQL only: the embedded database belongs to one process). The primary
 * only starts and watches the workers; each worker is a whole server, and they share the port. The first worker starts
 * alone (it applies migrations and prints the setup code), the others once it listens. Background work that must run
 * once (printer connections, the MQTT subscriber, retention, diagnosis jobs) is shared through database locks, as between
 * several instances. A worker that dies after it served is replaced; one that cannot start stops the server with its
 * exit code and message.
 */
function workerCount() {
  const requested = (process.env.WEB_CONCURRENCY ?? '').trim().toLowerCase()
  if (requested === '') return 1
  if (!process.env.DATABASE_URL) {
    if (requested !== '1' && requested !== 'auto' && cluster.isPrimary) console.log('WEB_CONCURRENCY is ignored: the embedded database is served by one process (set DATABASE_URL for several)')
    return 1
  }
  if (requested === 'auto') return Math.max(1, os.availableParallelism())
  // A bad value starts one process, which then refuses it with the environment's message.
  return /^\d+$/.test(requested) ? Math.min(64, Math.max(1, Number(requested))) : 1
}

function runPrimary(count) {
  console.log(`MES Lite: starting ${count} worker processes (WEB_CONCURRENCY)`)
  let stopping = false
  const alive = new Map()
  const served = new Set()
  const fork = () => {
    const worker = cluster.fork()
    alive.set(worker.id, worker)
    worker.once('listening', () => served.add(worker.id))
    return worker
  }
  const killAll = () => {
    for (const w of alive.values()) w.process.kill('SIGTERM')
  }
  fork().once('listening', () => {
    for (let i = 1; i < count; i++) fork()
  })
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id)
    if (stopping) {
      if (alive.size === 0) process.exit(process.exitCode ?? 0)
      return
    }
    if (!served.has(worker.id)) {
      // It never listened: a setting or the database refused it. Stop the others and leave with its code.
      stopping = true
      process.exitCode = code || 1
      killAll()
      if (alive.size === 0) process.exit(process.exitCode)
      return
    }
    console.error(JSON.stringify({ level: 'error', msg: 'worker exited; starting another', pid: worker.process.pid, code, signal }))
    setTimeout(() => {
      if (!stopping) fork()
    }, 1_000).unref()
  })
  const stop = (signal) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: stopping the workers`)
    setTimeout(() => process.exit(1), 12_000).unref()
    if (alive.size === 0) process.exit(0)
    killAll()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

const workers = cluster.isPrimary ? workerCount() : 1
if (workers > 1) runPrimary(workers)
else await serve()

async function serve() {
  const importBuild = async () => import(pathToFileURL(BUILD_PATH).href + (mode === 'development' ? `?t=${fs.statSync(BUILD_PATH).mtimeMs}` : ''))

  if (!fs.existsSync(BUILD_PATH)) {
    console.error('No build found. Run `npm run build` first (npm start does it for you).')
    process.exit(1)
  }
  let build = await importBuild()
  const entry = build.entry.module
  // Every variable goes through the app's one zod schema (app/utils/env.server.ts): a bad value stops the server here with
  // a message naming it, before anything listens or touches the database.
  let settings
  try {
    settings = entry.env()
  } catch (e) {
    console.error(String(e?.message ?? e))
    process.exit(1)
  }
  const { PORT, HOST } = settings
  // boot() opens the database: an embedded data folder is locked to this process until it exits, and a folder in use,
  // damaged or half-restored is refused with a message saying what to do.
  let database
  try {
    ;({ database } = await entry.boot())
  } catch (e) {
    if (!['DataDirLocked', 'DatabaseDamaged', 'SchemaIncomplete', 'SecretKeyError'].includes(e?.name)) throw e
    console.error(e.message)
    process.exit(e.name === 'DataDirLocked' ? 2 : 1)
  }

  const app = express()
  app.disable('x-powered-by')
  // Remix reads the URL itself; Express's own query parsing (qs) of every request is not used.
  app.set('query parser', false)
  if (settings.TRUST_PROXY !== undefined) app.set('trust proxy', settings.TRUST_PROXY)
  // Browsers ask for brotli first: quality 1 (the middleware's default is 4) compresses a 150 KB page to ~21 KB in ~0.4 ms
  // of CPU, against ~1.2 ms at 4 (19 KB) and ~0.9 ms for gzip at level 1 (28 KB), which older clients still get.
  app.use(compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }))
  // One write (and at most one flush) into the compressor per event-loop turn, not one per React piece.
  app.use(coalesceWrites)

  // Access log (one JSON line per response: method, path without query, status, duration, who — never secrets) and the
  // request-duration histogram of /metrics. `principal` is filled in by the app when it authenticates the request.
  const quiet = !settings.LOG_REQUESTS
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
          // Which worker answered, when there are several (WEB_CONCURRENCY).
          ...(cluster.isWorker ? { pid: process.pid } : {}),
        }),
      )
    })
    next()
  })

  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    // HSTS whenever cookies are Secure (served over HTTPS).
    res.set(entry.securityHeaders(nonce, mode === 'development', { hsts: settings.cookieSecure }))
    // The client address reaches the app in a header only the server sets.
    req.headers['x-mes-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
    const crossSite = entry.isCrossSiteRequest({
      method: req.method,
      host: req.get('x-forwarded-host') && app.get('trust proxy') ? req.get('x-forwarded-host') : req.get('host'),
      origin: req.get('origin'),
      secFetchSite: req.get('sec-fetch-site'),
      authorization: req.get('authorization'),
      path: req.path,
      cookie: req.get('cookie'),
      hostHeader: req.get('host'),
      forwardedHost: req.get('x-forwarded-host'),
    })
    if (crossSite) {
      res.status(403).type('text/plain').send('Cross-site request refused')
      return
    }
    next()
  })

  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  // Only the files public/ holds at start (favicons): a static lookup on every page's path cost a stat() each time.
  const publicFiles = fs.readdirSync('public', { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `/${e.name}`)
  if (publicFiles.length > 0) app.get(publicFiles, express.static('public', { maxAge: '1h', index: false }))

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
    console.log(`MES Lite is running at http://${shown}:${PORT}  (${mode}, database: ${database}${cluster.isWorker ? `, worker ${cluster.worker.id}` : ''})`)
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
      process.exit(0)
    }
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}
