import { randomUUID } from 'node:crypto'
import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, redirect, useActionData, useLoaderData, type ClientActionFunctionArgs } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import { Button } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { VibrationTabs } from '~/components/vibration/ui'
import { newUploadId, sendUpload, stashUpload, takeStashedUpload, UploadProgress } from '~/components/vibration/upload-progress'
import { MACHINE_NAME_MAX_LENGTH, parseCollectedAt, parseVibrationFileName, SENSOR_NAME_MAX_LENGTH } from '~/domain/vibration/ingest'
import type { MessageKey } from '~/i18n'
import { readMultipartForm, TooManyParts } from '~/domain/http/multipart'
import { importVibrationFile, type ImportOutcome } from '~/models/vibration/import-file.server'
import { claimBatchId } from '~/models/vibration/import-progress.server'
import { listMachineNames } from '~/models/vibration/machines.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { logStorageFault, storageFault, storageFaultStatus, storageFaultUploadMessage } from '~/utils/db-errors.server'
import { env } from '~/utils/env.server'
import { formatWallClock } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { redirectWithToast } from '~/utils/toast.server'
import { maxUploadBytes, TooLargeError } from '~/utils/upload.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/**
 * The upload form's fields. The action streams the multipart body (each file straight into the importer), so it reads
 * these itself and the importer judges the names and contents; the schema gives the form its native limits.
 */
const UploadSchema = z.object({
  /** Chosen by the page before it sends (JavaScript), so it can follow this upload's progress by it. */
  uploadId: z.string().max(36).optional(),
  /** A registered machine (the select); planners and admins may type a new one (`newMachine`), which wins. */
  machine: z.string().max(MACHINE_NAME_MAX_LENGTH).optional(),
  newMachine: z.string().max(MACHINE_NAME_MAX_LENGTH).optional(),
  sensor: z.string().max(SENSOR_NAME_MAX_LENGTH).optional(),
  recordedAt: z.string().optional(),
  files: z.array(z.custom<File>()),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:upload')
  const timeZone = env().SHOP_TIME_ZONE
  return {
    maxMb: Math.round(maxUploadBytes() / 1024 / 1024),
    now: formatWallClock(Date.now(), timeZone),
    canCreateMachines: can(user.role, 'vibration:manage'),
    machines: await listMachineNames(),
  }
}

type ActionError = { formErrors: MessageKey[]; params?: Record<string, string | number> }

class Abort extends Error {
  constructor(readonly status: number, readonly body: ActionError) {
    super('abort')
  }
}

/** What Remix's multipart parser throws for a body that is not well-formed multipart/form-data. */
function isMultipartParseError(e: unknown): boolean {
  if (e instanceof TypeError && e.message === 'Could not parse content as FormData.') return true
  return e instanceof Error && /^malformed (multipart-form|content-disposition)/.test(e.message)
}

/** Room above the file cap for the form's fields and part headers. */
const FORM_OVERHEAD_BYTES = 64 * 1024
/** Files (and fields) in one upload: a folder of a day's recordings fits, a flood of tiny parts does not. */
const MAX_UPLOAD_PARTS = 256

/** Streams each file part straight into the importer (fields before the files arrive first, as the form orders them). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:upload')
  const max = maxUploadBytes()
  const mb = Math.round(max / 1024 / 1024)
  const tooLarge = () => data<ActionError>({ formErrors: ['vibration.error.tooLarge'], params: { mb } }, { status: 413 })
  // The cap applies to one upload request; a declared length over it is refused before anything is read.
  if (Number(request.headers.get('Content-Length') ?? 0) > max + FORM_OVERHEAD_BYTES) return tooLarge()
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    return data<ActionError>({ formErrors: ['vibration.error.notMultipart'] }, { status: 400 })
  }
  const timeZone = env().SHOP_TIME_ZONE
  const fields: Record<string, string> = {}
  const outcomes: ImportOutcome[] = []
  const canCreateMachines = can(user.role, 'vibration:manage')
  // The page's own id for this upload (sent before the files), unless missing or taken: see claimBatchId.
  let batchId: string | null = null
  // The cap is for the whole request, however it is sent (chunked bodies declare no length): every byte counts, in
  // every part, plus room for the form's own fields and part headers.
  const limits = { maxParts: MAX_UPLOAD_PARTS, maxBytes: max + FORM_OVERHEAD_BYTES, tooLarge: () => new TooLargeError(max) }
  try {
    await readMultipartForm(request, async (part) => {
      if (part.filename === undefined) {
        let text = ''
        for await (const chunk of part.data) if (text.length < 4096) text += new TextDecoder().decode(chunk)
        fields[part.name] = text.slice(0, 4096)
        return fields[part.name]
      }
      if (part.name !== 'files' || !part.filename) {
        for await (const _ of part.data) void _
        return undefined
      }
      const recordedText = (fields.recordedAt ?? '').trim()
      const recordedMs = recordedText ? parseCollectedAt(recordedText, timeZone) : Date.now()
      if (recordedMs === null) throw new Abort(400, { formErrors: ['vibration.error.badDate'] })
      const fromName = parseVibrationFileName(part.filename)
      batchId ??= await claimBatchId(fields.uploadId?.trim(), randomUUID)
      const typed = canCreateMachines ? (fields.newMachine ?? '').trim() : ''
      const outcome = await importVibrationFile({
        fileName: part.filename,
        body: part.data,
        machine: typed || (fields.machine ?? '').trim() || fromName?.machine || null,
        sensor: (fields.sensor ?? '').trim() || fromName?.sensor || null,
        recordedAt: new Date(recordedMs),
        batchId,
        source: 'form',
        actor: actorOf(user, request),
        canCreateMachines,
        maxBytes: max,
        timeZone,
      })
      outcomes.push(outcome)
      if (outcome.tooLarge) throw new Abort(413, { formErrors: ['vibration.error.tooLarge'], params: { mb } })
      return outcome.id
    }, limits)
  } catch (e) {
    if (e instanceof Abort) return data<ActionError>(e.body, { status: e.status })
    if (e instanceof TooLargeError) return tooLarge()
    if (e instanceof TooManyParts) return data<ActionError>({ formErrors: ['vibration.error.tooManyParts'], params: { max: e.limit } }, { status: 413 })
    if (request.signal.aborted) throw new Response('Client closed the request', { status: 499 })
    // The database cannot store (full: 507, read-only or out of resources: 503). The import's transaction is rolled back
    // and its history row says why (or, if even that could not be written, the start-up sweep marks it failed).
    const fault = storageFault(e)
    if (fault) {
      logStorageFault(e, 'vibration upload')
      return data<ActionError>({ formErrors: [storageFaultUploadMessage[fault]] }, { status: storageFaultStatus[fault] })
    }
    if (isMultipartParseError(e)) return data<ActionError>({ formErrors: ['vibration.error.notMultipart'] }, { status: 400 })
    // A lost connection or anything unexpected: the generic error page (handleError logs it; the pool replaces a dead connection itself).
    throw e
  }
  if (outcomes.length === 0) return data<ActionError>({ formErrors: ['vibration.error.noFile'] }, { status: 400 })
  const tally = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length
  const params = { ok: tally('succeeded'), duplicate: tally('duplicate'), failed: tally('failed') }
  const to = outcomes.length === 1 ? `/vibration/imports/${outcomes[0].id}` : `/vibration/imports?batch=${batchId}`
  return redirectWithToast(to, { type: params.failed ? 'error' : 'success', key: 'vibration.upload.done', params })
}

/**
 * With JavaScript the form goes out by XMLHttpRequest (upload-progress.tsx): the same multipart body to this action, with
 * progress while it is sent and processed; the action's redirect is followed here, its errors shown as usual.
 */
export async function clientAction({ request }: ClientActionFunctionArgs): Promise<ActionError | Response> {
  const form = takeStashedUpload() ?? (await request.formData())
  const result = await sendUpload(new URL(request.url).pathname, form, request.signal)
  switch (result.kind) {
    case 'redirect':
      return redirect(result.to)
    case 'data':
      return result.data as ActionError
    case 'cancelled':
      return { formErrors: [] } // the progress panel says it was cancelled
    case 'failed':
      return { formErrors: ['vibrationUpload.connectionLost'] }
  }
}

export default function UploadPage() {
  const { maxMb, now, canCreateMachines, machines } = useLoaderData<typeof loader>()
  const result = useActionData<typeof clientAction>() as ActionError | undefined
  const isPending = useIsPending()
  const t = useT()
  const [form, fields] = useForm<z.input<typeof UploadSchema>>({ defaultNoValidate: false, id: 'upload', constraint: getZodConstraint(UploadSchema), defaultValue: { recordedAt: now } })
  const [picked, setPicked] = useState<{ name: string; machine?: string; sensor?: string }[]>([])
  const [machine, setMachine] = useState('')
  const [newMachine, setNewMachine] = useState('')
  const [sensor, setSensor] = useState('')
  const registered = (name: string) => machines.find((m) => m.toLowerCase() === name.toLowerCase())
  const formProps = getFormProps(form)
  return (
    <>
      <PageHeader title={t('vibration.upload.title')} />
      <VibrationTabs canUpload />
      <Card className="max-w-3xl">
        <p className="break-keep text-slate-700">{t('vibration.upload.intro', { mb: maxMb })}</p>
        <Form
          method="post"
          encType="multipart/form-data"
          className="mt-4 space-y-4"
          replace
          {...formProps}
          onSubmit={(e) => {
            formProps.onSubmit(e)
            if (e.defaultPrevented) return
            // A fresh id per submission, first in the body, so the progress of exactly this upload can be followed.
            const body = new FormData(e.currentTarget)
            body.set('uploadId', newUploadId())
            stashUpload(body)
          }}
        >
          {/* The action answers with keys that take parameters (the size cap), so they are translated here. */}
          <FormErrors id={form.errorId} errors={result?.formErrors.map((k) => t(k, result.params))} />
          <input type="hidden" name="uploadId" value="" />
          {/* Fields come before the file input: the server reads them before the files stream in. */}
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <SelectField
                label={t('vibration.upload.machine')}
                {...getSelectProps(fields.machine, { value: false })}
                value={machine}
                onChange={(e) => setMachine(e.target.value)}
                options={[{ value: '', label: t('vibrationUpload.machineFromFile') }, ...machines.map((m) => ({ value: m, label: m }))]}
              />
              <p className="mt-1 break-keep text-sm text-slate-600" data-testid="machine-rule">
                {machines.length === 0 && !canCreateMachines
                  ? t('vibrationUpload.noMachinesYet')
                  : canCreateMachines
                    ? t('vibrationUpload.machinePlannerHint')
                    : t('vibrationUpload.machineOperatorHint')}
              </p>
            </div>
            <Field label={t('vibration.upload.sensor')} autoComplete="off" {...getInputProps(fields.sensor, { type: 'text', value: false })} value={sensor} onChange={(e) => setSensor(e.target.value)} />
          </div>
          {canCreateMachines ? (
            <Field
              label={t('vibrationUpload.newMachine')}
              autoComplete="off"
              hint={t('vibrationUpload.newMachineHint')}
              {...getInputProps(fields.newMachine, { type: 'text', value: false })}
              value={newMachine}
              onChange={(e) => setNewMachine(e.target.value)}
            />
          ) : null}
          <Field label={t('vibration.upload.recordedAt')} hint={t('vibration.upload.recordedAtHint')} {...getInputProps(fields.recordedAt, { type: 'datetime-local' })} step={1} />
          <Field
            label={t('vibration.upload.files')}
            {...getInputProps(fields.files, { type: 'file' })}
            accept=".csv,text/csv"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])].map((f) => ({ name: f.name, ...(parseVibrationFileName(f.name) ?? {}) }))
              setPicked(files)
              // One file: pre-fill machine and sensor from its name (still editable). Several: each file's own name is used.
              const only = files.length === 1 ? files[0] : null
              if (only?.machine) {
                const known = registered(only.machine)
                setMachine(known ?? '')
                setNewMachine(!known && canCreateMachines ? only.machine : '')
                setSensor(only.sensor ?? '')
              }
            }}
          />
          {picked.length > 0 ? (
            <ul className="space-y-1 break-keep text-sm" data-testid="picked-files">
              {picked.map((f) => (
                <li key={f.name}>
                  <span className="break-all font-medium">{f.name}</span>:{' '}
                  {f.machine ? t('vibration.upload.detected', { machine: f.machine, sensor: f.sensor ?? '' }) : t('vibration.upload.notDetected')}
                  {f.machine && !registered(f.machine) && !machine && !newMachine ? (
                    <span className={`block ${canCreateMachines ? 'text-slate-700' : 'text-red-800'}`} data-testid="machine-warning">
                      {canCreateMachines ? t('vibrationUpload.willCreate', { machine: f.machine }) : t('vibrationUpload.notRegistered', { machine: f.machine })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <Button type="submit" disabled={isPending}>
            {isPending ? t('vibration.upload.sending') : t('vibration.upload.submit')}
          </Button>
        </Form>
        <UploadProgress />
      </Card>
    </>
  )
}
