/**
 * The production server for benchmarks: build if needed, start `node server.mjs` on 127.0.0.1 only (never another
 * host), create the first admin, upload vibration files as one streamed multipart request, sample the RSS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import postgres from 'postgres'
import type { DatasetFile } from './vibration-dataset'

export const SERVER_HOST = '127.0.0.1'
export const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

/** True when a PostgreSQL server answers at ADMIN_URL within 3 s. */
export async function postgresAnswers(): Promise<boolean> {
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await admin`select 1`
    return true
  } catch {
    return false
  } finally {
    await admin.end({ timeout: 1 })
  }
}

export function dbUrl(name: string): string {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return newest
}

export function ensureBuild() {
  const index = path.resolve('build/index.js')
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestMtime(path.resolve('app'))) return
  console.log('bench: build/index.js is missing or older than app/ — running `npx remix build`')
  const r = spawnSync('npx', ['remix', 'build'], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('remix build failed')
}

/** Runs `fn` with a one-connection client of database `name` on the harness's server, closed afterwards. */
export async function queryDb<T>(name: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(dbUrl(name), { max: 1, onnotice: () => {} })
  try {
    return await fn(sql)
  } finally {
    await sql.end()
  }
}

export async function freePort(): Promise<number> {
  const srv = net.createServer()
  srv.listen(0, SERVER_HOST)
  await once(srv, 'listening')
  const port = (srv.address() as net.AddressInfo).port
  srv.close()
  await once(srv, 'close')
  return port
}

export interface Server {
  child: ChildProcess
  origin: string
  port: number
  log: string[]
}

/** The one-time setup code the benchmark servers are started with (/setup asks for it). */
const BENCH_SETUP_CODE = 'bench-setup-code-1234'

export async function startServer(dbName: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Server> {
  if (!['127.0.0.1', 'localhost'].includes(SERVER_HOST)) throw new Error(`refusing to start the server on ${SERVER_HOST}`)
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, 'server.mjs'], {
    env: { ...process.env, PORT: String(port), HOST: SERVER_HOST, DATABASE_URL: dbUrl(dbName), NODE_ENV: 'production', COOKIE_SECURE: 'false', SETUP_CODE: BENCH_SETUP_CODE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: string[] = []
  const keep = (d: Buffer) => {
    log.push(d.toString())
    if (log.length > 50) log.shift()
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const origin = `http://${SERVER_HOST}:${port}`
  const started = Date.now()
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return { child, origin, port, log }
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  child.kill('SIGTERM')
  throw new Error(`server did not start:\n${log.join('')}`)
}

export async function stopServer(s: Server) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return
  const exited = once(s.child, 'exit')
  s.child.kill('SIGTERM')
  await exited
}

export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

/** CPU time (user + system) the process has used, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** CPU time of a process and all its descendants (a server with worker processes), in ms. */
export function treeCpuMs(pid: number): number {
  let total = 0
  try {
    total = cpuMs(pid)
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
      for (const child of children ? children.split(/\s+/).map(Number) : []) total += treeCpuMs(child)
    }
  } catch {
    // A process that just exited: what was read so far.
  }
  return total
}

/** Creates the first admin through POST /setup and returns the session cookie. */
export async function setupAdmin(s: Server): Promise<string> {
  const res = await fetch(`${s.origin}/setup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.origin },
    body: new URLSearchParams({ setupCode: BENCH_SETUP_CODE, username: 'benchadmin', displayName: 'Bench Admin', password: 'bench-admin-pass-1', confirm: 'bench-admin-pass-1' }),
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  if (res.status !== 302 || cookies.length === 0) throw new Error(`POST /setup answered ${res.status} without a session`)
  return cookies.join('; ')
}

/** One multipart POST to /vibration/upload (fields first, then every file), streamed from disk; resolves at the response. */
export async function uploadAll(s: Server, cookie: string, files: DatasetFile[], recordedAt: string): Promise<{ status: number; location: string }> {
  const boundary = `----mesbench${randomBytes(12).toString('hex')}`
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
  const head = field('machine', '') + field('sensor', '') + field('recordedAt', recordedAt)
  const fileHead = (f: DatasetFile) => `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n`
  const tail = `--${boundary}--\r\n`
  const length =
    Buffer.byteLength(head) + files.reduce((n, f) => n + Buffer.byteLength(fileHead(f)) + f.bytes + 2, 0) + Buffer.byteLength(tail)
  const req = http.request({
    host: SERVER_HOST,
    port: s.port,
    path: '/vibration/upload',
    method: 'POST',
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': length, Cookie: cookie, Origin: s.origin },
  })
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve)
    req.once('error', reject)
  })
  const write = async (chunk: string | Buffer) => {
    if (!req.write(chunk)) await once(req, 'drain')
  }
  await write(head)
  for (const f of files) {
    await write(fileHead(f))
    for await (const chunk of fs.createReadStream(f.path, { highWaterMark: 1 << 20 })) await write(chunk as Buffer)
    await write('\r\n')
  }
  req.end(tail)
  const res = await response
  res.resume()
  await once(res, 'end')
  return { status: res.statusCode ?? 0, location: String(res.headers.location ?? '') }
}

/** Signs the bench admin (made by `setupAdmin`) in again through POST /login; returns the session cookie. */
export async function loginAdmin(s: Server): Promise<string> {
  const res = await fetch(`${s.origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: s.origin },
    body: new URLSearchParams({ username: 'benchadmin', password: 'bench-admin-pass-1' }),
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  if (res.status !== 302 || cookies.length === 0) throw new Error(`POST /login answered ${res.status} without a session`)
  return cookies.join('; ')
}
