/**
 * The fuzz engine. A target is one row of the authorization matrix (route + method + intent, with its fixture and `:name`
 * params) plus what the fuzzer needs to know about it; `fuzzTarget` sends it ≥ 500 generated inputs with fast-check and
 * checks every answer:
 * - never a 500: a thrown error that is no Response, or a 5xx answer, is counted and collected (the first input of each
 *   distinct error) and fails the target at the end;
 * - a rejected input (4xx, or a redirect carrying an error toast) leaves every table unchanged (tests/fuzz/support/
 *   fingerprint.ts: the tables the input wrote, as the database's statement triggers note them, are read again, plus
 *   `audit_log`), except the ones the target names in `mayChangeOnReject`;
 * - an accepted input that changed anything wrote an audit row in the same request; key forms read their row back
 *   (`readBack`) and compare it with what was sent, after the documented normalisation.
 * One fixture per target, reused; `renew` makes a fresh one after inputs that moved it on (a cancelled order, a started
 * job) so later inputs still reach the deep paths; every target starts from an emptied database (users and sessions
 * aside). Counts go to the report (./report.ts). FUZZ_RUNS sets the inputs per target (default 500), FUZZ_SEED the seed.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { readToast, type Toast } from '~/utils/toast.server'
import type { Role } from '~/utils/permissions'
import { cookieHeader, makeUser, run, sessionFor, type Outcome as CallOutcome } from '../../support/app'
import type { MatrixRow } from '../../support/authz-matrix'
import { listRoutes } from '../../support/route-inventory'
import { routeFieldNames } from './fields'
import { changedTables, resetData, trackedFingerprint, trackWrites, type Fingerprint } from './fingerprint'
import { recordStats, type TargetStats } from './report'
import { EXTRA_FIELDS, hostile, isRef, poison, plausible, type Entries, type FieldValue, type FileValue } from './values'

export type Actor = Role | 'anonymous'
export type Ctx = Record<string, string>

export interface Sent {
  /** The form as sent (references resolved); files as their kind. */
  entries: [string, string | FileValue][]
  /** First value of a field as it arrives (what `form.get` reads), undefined when absent or a file. */
  get(name: string): string | undefined
  /** Last value of a field as it arrives (what `Object.fromEntries(form)` keeps). */
  last(name: string): string | undefined
  actor: Actor
  userId: string | null
  ctx: Ctx
}

export interface Answer extends CallOutcome {
  toast: Toast | null
}

export interface Target {
  row: MatrixRow
  /** Route module (import it statically in the test file). */
  mod: { action?: (args: ActionFunctionArgs) => Promise<unknown>; loader?: (args: LoaderFunctionArgs) => Promise<unknown> }
  /** Report name when one row has several targets (e.g. the API's CSV and JSON bodies); default: route [intent]. */
  label?: string
  /** The inputs, when the generic form (fields + extras + files) does not fit (API bodies). */
  inputs?: fc.Arbitrary<Entries>
  /** Builds the request from the resolved inputs (API: query string, headers, raw body); default: a form POST. */
  build?: (entries: [string, string | FileValue][], path: string, cookie: string | undefined, ip: string) => Promise<Request>
  /** A GET (loader): nothing may change, whatever the answer. Default: the row's method. */
  readOnly?: boolean
  /** More checks after a rejected input that changed an allowed table (`mayChangeOnReject`). */
  onRejected?: (sent: Sent, answer: Answer, changed: Record<string, string>) => Promise<void>
  /** Fields besides the ones found in the route's source (names built at run time). */
  extraFields?: string[]
  /** Plausible values for this route where the generic ones by name do not fit. */
  plausible?: Record<string, fc.Arbitrary<FieldValue>>
  /** File parts for the route's file fields (default: images and junk). */
  files?: fc.Arbitrary<FileValue>
  /** How the body is sent: url-encoded (default), multipart (pages with a file input) or either. */
  body?: 'form' | 'multipart' | 'either'
  /** Who sends it; default: admin and the least privileged role the matrix lets in (anonymous for public rows). */
  actors?: Actor[]
  /** The record(s) the row works on; default: the matrix row's fixture. */
  fixture?: () => Promise<Ctx>
  /** Values for `ref(...)` fields, read just before each input (the record's current version, an existing id …). */
  context?: (fixture: Ctx) => Promise<Ctx>
  /** Make a fresh fixture after an accepted input (default: never). */
  renew?: boolean
  /** Overrides the route params (default: the matrix row's, `:name` filled from the fixture). */
  params?: Record<string, string>
  /** Tables a rejected input may change, and why (documented in the target). */
  mayChangeOnReject?: string[]
  /** A per-input hook run before the request (e.g. a fresh session for logout), naming the tables it wrote. */
  prepare?: (sent: { actor: Actor; cookie?: string }) => Promise<{ cookie?: string; wrote: string[] } | void>
  /** Whether an answer is a rejection; default: 4xx, or a redirect carrying an error toast. */
  rejected?: (answer: Answer) => boolean
  /** Accepted inputs that change data must write an audit row in the same request (default true). */
  audited?: boolean
  /** Read the stored record back after an accepted input and compare it with what was sent. */
  readBack?: (sent: Sent, answer: Answer, changed: Record<string, string>) => Promise<void>
  numRuns?: number
  /**
   * Inputs that once made a 500 (or another failure), sent first on every run as regressions (fast-check `examples`),
   * by the first actor and, where the body may be either, as multipart.
   */
  examples?: Entries[]
}

const context = {} as AppLoadContext
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 500)
/** FUZZ_SEED reproduces a run (each target's seed is in the report and in a failure's message). */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : null

// ---- actors ---------------------------------------------------------------------------------------------------------

const people = new Map<Role, { id: string; cookie: string }>()

/** One user and one session per role, made once per worker (the fuzz never disables or demotes them). */
export async function actorSession(role: Role): Promise<{ id: string; cookie: string }> {
  let p = people.get(role)
  if (!p) {
    const u = await makeUser(role, { username: `fuzz-${role}-${process.pid % 10_000}` })
    p = { id: u.id, cookie: await sessionFor(u.id) }
    people.set(role, p)
  }
  return p
}

/** db-setup truncates every table before each file: the cached sessions are gone then. */
export function forgetActors() {
  people.clear()
}

function defaultActors(row: MatrixRow): Actor[] {
  const order: Role[] = ['viewer', 'operator', 'planner', 'admin']
  if (row.expect.anonymous === 'ok' || row.expect.anonymous === 'closed') return ['anonymous', 'admin']
  const lowest = order.find((r) => row.expect[r] === 'ok')
  return [...new Set<Actor>(['admin', lowest ?? 'admin'])]
}

// ---- inputs ---------------------------------------------------------------------------------------------------------

type Mode = 'plausible' | 'mixed' | 'hostile'

function fieldArb(name: string, mode: Mode, own: Record<string, fc.Arbitrary<FieldValue>>): fc.Arbitrary<FieldValue[]> {
  const good = own[name] ?? plausible(name)
  const w = mode === 'plausible' ? [60, 1, 1, 1, 2] : mode === 'mixed' ? [6, 3, 2, 1, 3] : [1, 6, 2, 1, 2]
  return fc.oneof(
    { weight: w[0], arbitrary: good.map((v) => [v]) },
    { weight: w[1], arbitrary: hostile.map((v): FieldValue[] => [v]) },
    { weight: w[2], arbitrary: fc.constant<FieldValue[]>([]) },
    // Duplicated field: a good value and a hostile one.
    { weight: w[3], arbitrary: fc.tuple(good, hostile).map(([a, b]): FieldValue[] => [a, b]) },
    // A good value with a hostile character inside (NUL, a lone surrogate, RTL override …): past the first checks.
    { weight: w[4], arbitrary: fc.tuple(good, poison).map(([v, p]): FieldValue[] => [typeof v === 'string' ? p(v) : v]) },
  )
}

const fileArb: fc.Arbitrary<FileValue> = fc.record({
  file: fc.oneof({ weight: 20, arbitrary: fc.constantFrom<FileValue['file']>('png', 'junk', 'html', 'empty', 'png', 'junk') }, { weight: 1, arbitrary: fc.constant<FileValue['file']>('huge') }),
  text: fc.constant(undefined),
  name: fc.constantFrom('photo.png', 'x.jpg', '', '../../evil.png', '사진.webp', 'a\u0000b.png'),
})

/** The inputs of a target: intent (mostly the row's), its fields in a mode, extra mass-assignment fields, files. */
export function inputArb(target: Target, fields: string[], intents: string[], fileFields: string[]): fc.Arbitrary<Entries> {
  const own = target.plausible ?? {}
  const rowIntent = target.row.intent
  const intentArb: fc.Arbitrary<Entries> = rowIntent
    ? fc.oneof(
        { weight: 20, arbitrary: fc.constant<Entries>([['intent', rowIntent]]) },
        { weight: 1, arbitrary: fc.constant<Entries>([]) },
        { weight: 1, arbitrary: fc.constantFrom(...intents).map((i): Entries => [['intent', i]]) },
        { weight: 1, arbitrary: hostile.map((h): Entries => [['intent', h]]) },
        { weight: 1, arbitrary: hostile.map((h): Entries => [['intent', rowIntent], ['intent', h]]) },
      )
    : fc.oneof({ weight: 20, arbitrary: fc.constant<Entries>([]) }, { weight: 1, arbitrary: hostile.map((h): Entries => [['intent', h]]) })
  const extrasArb: fc.Arbitrary<Entries> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Entries>([]) },
    {
      weight: 2,
      arbitrary: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...EXTRA_FIELDS), fc.string({ maxLength: 12 })),
          fc.oneof(fc.constantFrom<FieldValue>('admin', 'cancelled', 'retired', '0', '999', '00000000-0000-0000-0000-000000000000'), hostile),
        ),
        { maxLength: 4 },
      ),
    },
  )
  const filesArb: fc.Arbitrary<Entries> =
    fileFields.length === 0
      ? fc.constant([])
      : fc.array(fc.tuple(fc.constantFrom(...fileFields), fc.oneof({ weight: 3, arbitrary: target.files ?? fileArb }, { weight: 1, arbitrary: hostile })), { maxLength: 2 })
  const fieldsArb = fc
    .constantFrom<Mode>('plausible', 'plausible', 'plausible', 'mixed', 'mixed', 'hostile')
    .chain((mode) => fc.tuple(...fields.map((f) => fieldArb(f, mode, own).map((vs) => vs.map((v): [string, FieldValue] => [f, v])))))
    .map((lists) => lists.flat())
  const formArb = fc.tuple(intentArb, fieldsArb, extrasArb, filesArb).map(([i, f, e, files]): Entries => [...i, ...f, ...e, ...files])
  // Now and then no form at all: a body that is not what its Content-Type says (a broken multipart boundary, JSON, bytes).
  const rawArb = fc
    .tuple(
      fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'multipart/form-data', 'application/json', 'text/plain', ''),
      fc.oneof(hostile, fc.constantFrom('--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave', '--xyz--', '{"intent":"save","role":"admin"}', 'a=%ZZ&b=%', '\u0000\u0001\u0002')),
    )
    .map(([type, body]): Entries => [['@type', type], ['@raw', body]])
  return fc.oneof({ weight: 40, arbitrary: formArb }, { weight: 1, arbitrary: rawArb })
}

// ---- requests -------------------------------------------------------------------------------------------------------

let pngCache: Buffer | null = null
async function fileBytes(value: FileValue): Promise<Buffer> {
  switch (value.file) {
    case 'png': {
      if (!pngCache) {
        const { pngBytes } = await import('../../support/authz/orders')
        pngCache = await pngBytes(4, 4)
      }
      return pngCache
    }
    case 'junk':
      return Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254])
    case 'html':
      return Buffer.from('<html><script>alert(1)</script></html>')
    case 'empty':
      return Buffer.alloc(0)
    case 'text':
      return Buffer.from(value.text ?? '')
    case 'huge':
      // Over the 10 MiB photo limit.
      return Buffer.alloc(10 * 1024 * 1024 + 1, 0x41)
  }
}

/**
 * References → values: `ref('x')` is the context's `x` (a fresh uuid for a missing id), `ref('=x')` the same value as
 * this input's field `x` (a confirmation field).
 */
export function resolve(entries: Entries, ctx: Ctx): [string, string | FileValue][] {
  const first = (name: string) => entries.find(([k, v]) => k === name && !isRef(v))?.[1]
  return entries.map(([k, v]): [string, string | FileValue] => {
    if (!isRef(v)) return [k, v]
    if (v.ref.startsWith('=')) return [k, (first(v.ref.slice(1)) as string | FileValue | undefined) ?? '']
    return [k, ctx[v.ref] ?? (/id$/i.test(v.ref) ? '7b1c0f4e-1d2a-4c3b-9e8f-000000000000' : '1')]
  })
}

async function buildRequest(path: string, entries: [string, string | FileValue][], multipart: boolean, cookie: string | undefined, ip: string): Promise<Request> {
  const headers = new Headers({ 'x-mes-client-ip': ip })
  if (cookie) headers.set('Cookie', cookie)
  let body: BodyInit
  const raw = entries.find(([k]) => k === '@raw')?.[1]
  if (typeof raw === 'string') {
    body = raw
    headers.set('Content-Type', String(entries.find(([k]) => k === '@type')?.[1] ?? ''))
  } else if (multipart) {
    const fd = new FormData()
    for (const [k, v] of entries) {
      if (typeof v === 'string') fd.append(k, v)
      else fd.append(k, new File([new Uint8Array(await fileBytes(v))], v.name, { type: v.file === 'png' ? 'image/png' : 'application/octet-stream' }))
    }
    body = fd
  } else {
    body = new URLSearchParams(entries.map(([k, v]) => [k, typeof v === 'string' ? v : v.name]))
  }
  return new Request(new URL(path, 'http://localhost'), { method: 'POST', headers, body })
}

async function toastOf(headers: Headers): Promise<Toast | null> {
  const set = headers.getSetCookie().filter((c) => c.startsWith('mes_toast='))
  if (set.length === 0) return null
  const { toast } = await readToast(new Request('http://localhost/', { headers: { Cookie: cookieHeader(...set) } }))
  return toast
}

/** What arrives of a string sent in a form: lone surrogates become U+FFFD on the wire (USVString). */
export const wellFormed = (v: string) => v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

export function fill(template: string, values: Ctx): string {
  return template.replace(/:([A-Za-z]\w*)/g, (m, name: string) => values[name] ?? m)
}

const defaultRejected = (a: Answer) => (a.status >= 400 && a.status < 500) || (a.status >= 300 && a.status < 400 && a.toast?.type === 'error')

/** A short printable form of an input, for failure messages. */
export function show(entries: [string, string | FileValue][]): string {
  return JSON.stringify(entries.map(([k, v]) => [k, typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v]))
}

// ---- the property ---------------------------------------------------------------------------------------------------

export function targetKey(row: MatrixRow, label?: string): string {
  return label ? `${row.route} ${label}` : `${row.method === 'GET' ? 'GET ' : ''}${row.route}${row.intent ? ` [${row.intent}]` : ''}`
}

/** Route params the inputs set themselves (`@param:name` entries: a fuzzed path segment). */
function paramsFrom(entries: [string, string | FileValue][]): Record<string, string> {
  return Object.fromEntries(entries.filter(([k, v]) => k.startsWith('@param:') && typeof v === 'string').map(([k, v]) => [k.slice(7), wellFormed(v as string)]))
}

/** Sends the target ≥ NUM_RUNS generated inputs; returns its counts (also recorded for the report). */
export async function fuzzTarget(target: Target): Promise<TargetStats> {
  const { row } = target
  const key = targetKey(row, target.label)
  const readOnly = target.readOnly ?? row.method === 'GET'
  const handler = row.method === 'GET' ? target.mod.loader : target.mod.action
  if (!handler) throw new Error(`${row.route} has no ${row.method === 'GET' ? 'loader' : 'action'}`)
  const route = listRoutes().find((r) => r.id === row.route)
  const found = routeFieldNames(row.route)
  const fileFields = found.filter((f) => /photo|^files$/i.test(f))
  const fields = [...new Set([...found.filter((f) => !fileFields.includes(f)), ...(target.extraFields ?? [])])]
  const intents = route?.intents.length ? route.intents : ['save']
  const actors = target.actors ?? defaultActors(row)
  const makeFixture = target.fixture ?? row.fixture ?? (async () => ({}))
  const seed = SEED ?? Math.floor(Math.random() * 2 ** 31)
  const stats: TargetStats = { target: key, inputs: 0, accepted: 0, rejected: 0, serverErrors: 0, fields: fields.length, ms: 0, seed }
  const started = performance.now()

  // A 500 does not stop the run: every distinct one is collected (first example each) and the test fails at the end.
  const errors = new Map<string, string>()
  const serverError = (error: string, example: string) => {
    stats.serverErrors++
    // The signature: the error's first line without the values, and where it was thrown from in app/.
    const first = error.split('\n')[0].replace(/Failed query: .*/, 'Failed query').slice(0, 200)
    const at = /\/app\/[^\s)]+/.exec(error)?.[0] ?? ''
    const sig = `${first} @ ${at}`
    if (!errors.has(sig)) errors.set(sig, `${error.slice(0, 1500)}\n  ${example}`)
  }
  await trackWrites()
  await resetData()
  for (const a of actors) if (a !== 'anonymous') await actorSession(a)
  let fixture = await makeFixture()
  // Every table's fingerprint, read again after each input only where that input wrote.
  const tables = trackedFingerprint()
  let before: Fingerprint | null = null
  let renewNext = false

  const property = fc.asyncProperty(target.inputs ?? inputArb(target, fields, intents, fileFields), fc.constantFrom(...actors), fc.constantFrom('10.0.0.1', '10.0.0.2', '::1', '203.0.113.9'), fc.boolean(), async (entries, actor, ip, multipartCoin) => {
    stats.inputs++
    if (renewNext) {
      fixture = await makeFixture()
      renewNext = false
      before = null
    }
    const self = actor === 'anonymous' ? null : await actorSession(actor)
    const values: Ctx = { ...fixture, self: self?.id ?? '' }
    const params = Object.fromEntries(Object.entries(target.params ?? row.params ?? {}).map(([k, v]) => [k, v.startsWith(':') ? (values[v.slice(1)] ?? v) : v]))
    const ctx: Ctx = { ...values, ...(target.context ? await target.context(fixture) : {}) }
    const sentEntries = resolve(entries, ctx)
    let cookie = self?.cookie
    if (target.prepare) {
      const p = await target.prepare({ actor, cookie })
      if (p?.cookie) cookie = p.cookie
      if (p && before) before = await tables.refresh(p.wrote)
    }
    before ??= await tables.now()
    const multipart = target.body === 'multipart' || (target.body === 'either' && multipartCoin)
    const path = fill(row.path, values)
    const request = target.build ? await target.build(sentEntries, path, cookie, ip) : await buildRequest(path, sentEntries, multipart, cookie, ip)
    let outcome: CallOutcome
    try {
      outcome = await run(() => handler({ request, params: { ...params, ...paramsFrom(sentEntries) }, context }))
    } catch (e) {
      const cause = (e as { cause?: { message?: string } })?.cause?.message
      serverError(`${cause ? `${cause} ← ` : ''}${String((e as Error)?.stack ?? e)}`, `threw as ${actor} with ${show(sentEntries)}`)
      before = null
      return
    }
    if (outcome.status >= 500) {
      serverError(`${outcome.status} ${JSON.stringify(outcome.data).slice(0, 300)}`, `answered ${outcome.status} as ${actor} with ${show(sentEntries)}`)
      before = null
      return
    }
    const answer: Answer = { ...outcome, toast: await toastOf(outcome.headers) }
    const prev = before
    const after = await tables.now(['audit_log'])
    const changed = changedTables(prev, after)
    before = after
    const rejected = (target.rejected ?? defaultRejected)(answer)
    const where = `${key} as ${actor} (${answer.status} ${answer.location ?? ''}) with ${show(sentEntries)}`
    // What arrives: well-formed text, and in a multipart body every line break as CRLF (the form encoding's rule).
    const arrived = (v: string | FileValue | undefined) => (typeof v !== 'string' ? undefined : multipart ? wellFormed(v).replace(/\r\n|\r|\n/g, '\r\n') : wellFormed(v))
    const sent: Sent = {
      entries: sentEntries,
      get: (name) => arrived(sentEntries.find(([k]) => k === name)?.[1]),
      last: (name) => arrived(sentEntries.findLast(([k]) => k === name)?.[1]),
      actor,
      userId: self?.id ?? null,
      ctx,
    }
    if (rejected) {
      stats.rejected++
      const unexpected = Object.fromEntries(Object.entries(changed).filter(([t]) => !(target.mayChangeOnReject ?? []).includes(t)))
      expect(unexpected, `rejected input changed the database: ${where}`).toEqual({})
      if (target.onRejected && Object.keys(changed).length > 0) await target.onRejected(sent, answer, changed)
      return
    }
    stats.accepted++
    if (readOnly) expect(changed, `a GET changed the database: ${where}`).toEqual({})
    if (target.audited !== false && Object.keys(changed).some((t) => t !== 'audit_log')) {
      expect(after.audit_log.n, `accepted change without a new audit row: ${where}; changed ${JSON.stringify(changed)}`).toBeGreaterThan(prev.audit_log.n)
    }
    // Read back what the row is about: its intent, sent once (another intent or a duplicated one is just counted).
    const sentIntents = sentEntries.filter(([k]) => k === 'intent')
    if (target.readBack && (!row.intent || (sentIntents.length === 1 && sentIntents[0][1] === row.intent))) {
      try {
        await target.readBack(sent, answer, changed)
      } catch (e) {
        throw new Error(`read-back failed: ${where}\n${(e as Error).message}`)
      }
    }
    if (target.renew && Object.keys(changed).length > 0) renewNext = true
  })

  // No shrinking: the database moves on between runs, and the failure message already names the exact input.
  const examples = (target.examples ?? []).map((e): [Entries, Actor, string, boolean] => [e, actors[0], '10.0.0.1', true])
  const details = await fc.check(property, { numRuns: target.numRuns ?? NUM_RUNS, seed, endOnFailure: true, examples })
  // The fingerprints kept along the way are the full ones: no write went unnoted.
  const unnoted = await tables.verify()
  stats.ms = Math.round(performance.now() - started)
  recordStats(stats)
  if (errors.size > 0) {
    throw new Error(`${key}: ${stats.serverErrors} server errors in ${stats.inputs} inputs (FUZZ_SEED=${seed}), ${errors.size} distinct:\n\n${[...errors.values()].join('\n\n')}`)
  }
  expect(unnoted, `${key}: tables changed without a statement trigger noting it (FUZZ_SEED=${seed})`).toEqual({})
  if (details.failed) {
    const cause = details.errorInstance as Error | undefined
    throw new Error(`${key} failed after ${details.numRuns} inputs (FUZZ_SEED=${seed}):\n${cause?.message ?? String(details.errorInstance)}`.slice(0, 6000))
  }
  return stats
}
