/**
 * The vibration upload with JavaScript: the same multipart form, posted to the same action by XMLHttpRequest so the page
 * sees the bytes go out (sent / total, %, time left, cancel), while it polls the server's progress of that upload
 * (rows read, stored, diagnosis queued / running / done: GET /vibration/imports/progress?batch=…). The route's
 * clientAction runs it (`sendUpload`) and hands the action's answer back to Remix — a redirect to the report, or the
 * form's errors. Without JavaScript none of this runs: the form posts as it is and the browser follows the redirect.
 */
import { useEffect, useSyncExternalStore } from 'react'
import { Button } from '~/components/ui/button'
import type { MessageKey } from '~/i18n'
import { isMessageKey } from '~/i18n/registry'
import { formatBytes, formatNumber, formatPct } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'

/** One file of the upload as the progress endpoint reports it (import-progress.server.ts). */
export interface ProgressFile {
  id: string
  fileName: string
  status: 'running' | 'succeeded' | 'failed' | 'duplicate'
  rowsParsed: number
  rowsImported: number
  sizeBytes: number
  message: string | null
  diagnosis: { queued: number; running: number; done: number; failed: number }
}

type Phase = 'idle' | 'sending' | 'processing' | 'done' | 'cancelled' | 'failed'

export interface UploadState {
  phase: Phase
  sent: number
  total: number
  /** performance.now() when the first byte went out. */
  startedAt: number
  now: number
  files: ProgressFile[]
}

const IDLE: UploadState = { phase: 'idle', sent: 0, total: 0, startedAt: 0, now: 0, files: [] }
let state: UploadState = IDLE
const listeners = new Set<() => void>()

function update(patch: Partial<UploadState>) {
  state = { ...state, ...patch }
  for (const l of listeners) l()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useUploadState(): UploadState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => IDLE,
  )
}

export function resetUpload() {
  if (state.phase === 'sending' || state.phase === 'processing') return
  update(IDLE)
}

// The form's own FormData, taken in its submit handler: its files stay on disk (the Request Remix builds would have to be
// read back into memory to get them out again).
let stashed: FormData | null = null
export function stashUpload(form: FormData) {
  stashed = form
}
export function takeStashedUpload(): FormData | null {
  const form = stashed
  stashed = null
  return form
}

/** A random (v4) UUID; crypto.randomUUID exists only on https or localhost, getRandomValues everywhere. */
export function newUploadId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * Remix's data-request answer (single fetch: a turbo-stream whose first line is the flattened value) read back for the
 * plain values an action returns here: objects, arrays, strings, numbers, booleans, null. Anything else → null.
 */
export function decodeActionAnswer(text: string): unknown {
  let values: unknown[]
  try {
    values = JSON.parse(text.split('\n', 1)[0]) as unknown[]
  } catch {
    return null
  }
  if (!Array.isArray(values)) return null
  const at = (i: number, depth: number): unknown => {
    if (depth > 20) throw new Error('too deep')
    if (i === -5) return null
    if (i === -7 || i === -1) return undefined
    if (i < 0 || i >= values.length) throw new Error('unsupported')
    const v = values[i]
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string') throw new Error('typed value')
      return v.map((x) => at(x as number, depth + 1))
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, idx] of Object.entries(v as Record<string, number>)) out[String(values[Number(k.slice(1))])] = at(idx, depth + 1)
      return out
    }
    return v
  }
  try {
    return at(0, 0)
  } catch {
    return null
  }
}

export type UploadResult = { kind: 'redirect'; to: string } | { kind: 'data'; data: unknown } | { kind: 'cancelled' } | { kind: 'failed' }

let current: XMLHttpRequest | null = null

/** Stops the upload that is running (the server drops what it had received: nothing of an unfinished file is stored). */
export function cancelUpload() {
  current?.abort()
}

const POLL_MS = 700

/** Posts `form` to the action at `path` (a Remix data request), reporting progress into the store; see the module comment. */
export function sendUpload(path: string, form: FormData, signal?: AbortSignal): Promise<UploadResult> {
  const batch = String(form.get('uploadId') ?? '')
  const started = performance.now()
  update({ ...IDLE, phase: 'sending', startedAt: started, now: started })
  let polling = true
  let inFlight = false
  const poll = async () => {
    if (!polling || inFlight || !batch) return
    inFlight = true
    try {
      const res = await fetch(`/vibration/imports/progress?batch=${encodeURIComponent(batch)}`, { headers: { Accept: 'application/json' } })
      if (res.ok && polling) update({ files: ((await res.json()) as { files: ProgressFile[] }).files })
    } catch {
      // The next poll tries again; the upload itself does not depend on it.
    } finally {
      inFlight = false
    }
  }
  const timer = setInterval(() => void poll(), POLL_MS)
  return new Promise<UploadResult>((resolve) => {
    const xhr = new XMLHttpRequest()
    current = xhr
    const finish = (result: UploadResult, phase: Phase) => {
      polling = false
      clearInterval(timer)
      current = null
      signal?.removeEventListener('abort', onAbort)
      update({ phase })
      resolve(result)
    }
    const onAbort = () => xhr.abort()
    signal?.addEventListener('abort', onAbort)
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) update({ sent: e.loaded, total: e.total, now: performance.now() })
    })
    xhr.upload.addEventListener('load', () => {
      update({ phase: 'processing', sent: state.total, now: performance.now() })
      void poll()
    })
    xhr.addEventListener('abort', () => finish({ kind: 'cancelled' }, 'cancelled'))
    xhr.addEventListener('error', () => finish({ kind: 'failed' }, 'failed'))
    xhr.addEventListener('load', () => {
      const answer = decodeActionAnswer(xhr.responseText) as { redirect?: unknown; data?: unknown } | null
      const to = typeof answer?.redirect === 'string' ? answer.redirect : xhr.status === 202 ? xhr.getResponseHeader('Location') : null
      if (to) return finish({ kind: 'redirect', to }, 'done')
      if (answer && 'data' in answer) return finish({ kind: 'data', data: answer.data }, 'failed')
      finish({ kind: 'failed' }, 'failed')
    })
    const url = path === '/' ? '/_root.data' : `${path.replace(/\/$/, '')}.data`
    xhr.open('POST', url)
    xhr.send(form)
  })
}

function timeLeft(s: UploadState): { key: MessageKey; value: number } | null {
  const elapsed = (s.now - s.startedAt) / 1000
  if (s.phase !== 'sending' || s.sent <= 0 || s.total <= 0 || elapsed < 1) return null
  const left = ((s.total - s.sent) / s.sent) * elapsed
  return left < 90 ? { key: 'vibrationUpload.leftSeconds', value: Math.max(1, Math.round(left)) } : { key: 'vibrationUpload.leftMinutes', value: Math.round(left / 60) }
}

type StepState = 'waiting' | 'active' | 'done' | 'failed'

function Step({ label, stepState, detail, testId }: { label: string; stepState: StepState; detail?: string | null; testId: string }) {
  const t = useT()
  const tone = stepState === 'done' ? 'text-green-800' : stepState === 'failed' ? 'text-red-800' : stepState === 'active' ? 'text-blue-800' : 'text-slate-600'
  const mark = stepState === 'done' ? '✓' : stepState === 'failed' ? '✕' : stepState === 'active' ? '…' : '·'
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 break-keep" data-testid={testId} data-state={stepState}>
      <span aria-hidden="true" className={`w-4 font-bold ${tone}`}>
        {mark}
      </span>
      <span className="font-medium">{label}</span>
      <span className={`whitespace-nowrap text-sm ${tone}`}>{t(`vibrationUpload.${stepState}`)}</span>
      {detail ? <span className="text-sm text-slate-700">{detail}</span> : null}
    </li>
  )
}

/** One file's server-side steps: rows read, stored, diagnosis. */
function FileSteps({ file, showName }: { file: ProgressFile; showName: boolean }) {
  const t = useT()
  const locale = useLocale()
  const n = (v: number) => formatNumber(locale, v)
  const stored = file.status === 'succeeded'
  const failed = file.status === 'failed'
  const runs = file.diagnosis.queued + file.diagnosis.running + file.diagnosis.done + file.diagnosis.failed
  const diagnosisState: StepState = !stored
    ? 'waiting'
    : runs > 0 && file.diagnosis.queued + file.diagnosis.running === 0
      ? file.diagnosis.failed > 0
        ? 'failed'
        : 'done'
      : 'active'
  return (
    <li className="space-y-1" data-testid="upload-file">
      {showName ? <p className="break-all font-medium">{file.fileName}</p> : null}
      <ol className="space-y-1">
        <Step
          testId="step-read"
          label={t('vibrationUpload.stepRead')}
          stepState={file.status === 'running' ? 'active' : failed ? 'failed' : 'done'}
          detail={t('vibrationUpload.rowsRead', { rows: n(Math.max(file.rowsParsed, file.rowsImported)) })}
        />
        <Step
          testId="step-store"
          label={t('vibrationUpload.stepStore')}
          stepState={file.status === 'running' ? 'waiting' : stored || file.status === 'duplicate' ? 'done' : 'failed'}
          detail={
            stored
              ? t('vibrationUpload.rowsStored', { rows: n(file.rowsImported) })
              : failed
                ? t('vibrationUpload.notStored')
                : file.status === 'duplicate'
                  ? t('vibrationUpload.duplicate')
                  : null
          }
        />
        {file.status === 'duplicate' || failed ? null : (
          <Step
            testId="step-diagnose"
            label={t('vibrationUpload.stepDiagnose')}
            stepState={diagnosisState}
            detail={runs > 0 ? t('vibrationUpload.diagnosisTally', { queued: file.diagnosis.queued, running: file.diagnosis.running, done: file.diagnosis.done }) : t('vibrationUpload.diagnosisLater')}
          />
        )}
      </ol>
    </li>
  )
}

/** The progress panel under the upload form (renders nothing until an upload starts, so never without JavaScript). */
export function UploadProgress() {
  const s = useUploadState()
  const t = useT()
  const locale = useLocale()
  useEffect(() => () => resetUpload(), [])
  if (s.phase === 'idle') return null
  const running = s.phase === 'sending' || s.phase === 'processing'
  const pct = s.total > 0 ? Math.min(100, Math.floor((s.sent / s.total) * 100)) : 0
  const left = timeLeft(s)
  const sendState: StepState = s.phase === 'sending' ? 'active' : s.phase === 'cancelled' || (s.phase === 'failed' && s.sent < s.total) ? 'failed' : 'done'
  const message =
    s.phase === 'cancelled' ? 'vibrationUpload.cancelled' : s.phase === 'processing' ? 'vibrationUpload.waitingServer' : s.phase === 'done' ? 'vibrationUpload.openingReport' : null
  return (
    <section aria-label={t('vibrationUpload.progressTitle')} className="mt-4 space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="upload-progress" data-phase={s.phase}>
      <h2 className="font-semibold">{t('vibrationUpload.progressTitle')}</h2>
      <progress
        className="block h-4 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-blue-700 [&::-moz-progress-bar]:bg-blue-700"
        max={100}
        value={pct}
        aria-label={t('vibrationUpload.bar')}
        data-testid="upload-bar"
      />
      <p className="tabular-nums" data-testid="upload-bytes">
        {t('vibrationUpload.sentOf', { sent: formatBytes(s.sent), total: formatBytes(s.total), percent: formatPct(locale, pct) })}
        {left ? <span className="ml-2 whitespace-nowrap text-slate-700">{t(left.key, left.key === 'vibrationUpload.leftSeconds' ? { s: left.value } : { m: left.value })}</span> : null}
      </p>
      <ol className="space-y-1">
        <Step testId="step-send" label={t('vibrationUpload.stepSend')} stepState={sendState} />
      </ol>
      {/* After a cancel or a failure the last poll is out of date: the form's message and the history say what happened. */}
      {s.files.length > 0 && s.phase !== 'cancelled' && s.phase !== 'failed' ? (
        <ul className="space-y-3">
          {s.files.map((f) => (
            <FileSteps key={f.id} file={f} showName={s.files.length > 1} />
          ))}
        </ul>
      ) : null}
      {message && isMessageKey(message) ? (
        <p className="break-keep" role="status">
          {t(message as MessageKey)}
        </p>
      ) : null}
      {running ? (
        <Button variant="secondary" onClick={cancelUpload} data-testid="upload-cancel">
          {t('vibrationUpload.cancel')}
        </Button>
      ) : null}
    </section>
  )
}
