import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PinnedCertificate } from '~/components/printers/certificate'
import { connectionFieldErrors, ConnectionFormSchema } from '~/components/printers/connection-schema'
import { LiveCard, LiveStateBadge } from '~/components/printers/live-card'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import type { SecretName } from '~/domain/printers/live/connection'
import { CONNECTION_TYPES } from '~/domain/printers/live/state'
import { getPrinter } from '~/models/printers/printers.server'
import { forgetCertificate, getConnection, saveConnection, type ConnectionView } from '~/models/printers/live/connections.server'
import { printerConnectionsChanged } from '~/models/printers/live/poller.server'
import { liveOf, recentStateChanges } from '~/models/printers/live/store.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { messagesOnce, translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { useLiveEvents } from '~/utils/use-live-events'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/**
 * A printer's connection (issue 18): type, host, port, TLS and the write-only secrets (planners and admins), its health
 * (connected since, last message, last error), the recent state changes and the Live card. Anyone who may see the
 * printer reads it; secrets never reach the page, only whether each is stored.
 */
const SECRETS: SecretName[] = ['apiKey', 'serial', 'accessCode']
/** A planner forgets the pinned printer certificate (Bambu over TLS), at the connection's version seen. */
const ForgetCertificateSchema = z.object({
  intent: z.literal('forget-certificate'),
  version: z.number({ required_error: 'error.conflict', invalid_type_error: 'error.conflict' }).int().min(0).max(2_147_483_647),
})
/** Secrets a reply never echoes back into the form. */
const HIDDEN = [...SECRETS]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'printers:read')
  const printer = await getPrinter(params.printerId ?? '')
  if (!printer) throw new Response('Printer not found', { status: 404 })
  const now = new Date()
  const [connection, live, changes] = await Promise.all([getConnection(printer.id), liveOf(printer.id, now), recentStateChanges(printer.id, 10)])
  return {
    printer: { id: printer.id, assetId: printer.assetId, name: printer.name },
    connection,
    live,
    changes,
    canWrite: can(user.role, 'printers:write'),
    timeZone: env().SHOP_TIME_ZONE,
  }
}

function reply(result: SubmissionResult<string[]>, status: number, current: ConnectionView | null = null) {
  return data({ result, current }, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'printers:write')
  const printer = await getPrinter(params.printerId ?? '')
  if (!printer) throw new Response('Printer not found', { status: 404 })
  const form = await readForm(request)
  // Two forms post here: the connection's settings (intent "save", the default) and "forget-certificate".
  if (form.get('intent') === 'forget-certificate') {
    const forget = parseWithZod(form, { schema: ForgetCertificateSchema })
    if (forget.status !== 'success') return reply(forget.reply(), 400)
    const forgotten = await forgetCertificate(actorOf(user, request), printer.id, forget.value.version)
    if (!forgotten.ok && forgotten.reason === 'not_found') throw new Response('Printer not found', { status: 404 })
    if (!forgotten.ok) return reply(forget.reply({ formErrors: ['error.conflict'] }), 409, await getConnection(printer.id))
    printerConnectionsChanged()
    return redirectWithToast(`/printers/${printer.id}/connection`, { type: 'success', key: 'printerLive.certificate.forgotten', params: { assetId: printer.assetId } })
  }
  const submission = parseWithZod(form, { schema: ConnectionFormSchema, formatError: messagesOnce })
  if (submission.status !== 'success') return reply(submission.reply({ hideFields: HIDDEN }), 400)
  const { version, port, ...v } = submission.value
  const result = await saveConnection(actorOf(user, request), printer.id, { ...v, port: port ?? null }, version)
  if (!result.ok) {
    switch (result.reason) {
      case 'not_found':
        throw new Response('Printer not found', { status: 404 })
      case 'invalid':
        return reply(submission.reply({ fieldErrors: connectionFieldErrors(result.errors), hideFields: HIDDEN }), 400)
      case 'no_key':
        return reply(submission.reply({ formErrors: ['printerLive.error.noKey'], hideFields: HIDDEN }), 400)
      case 'conflict':
        return reply(submission.reply({ formErrors: ['error.conflict'], hideFields: HIDDEN }), 409, result.current)
    }
  }
  if (result.changed) printerConnectionsChanged()
  const back = `/printers/${printer.id}/connection`
  return redirectWithToast(back, { type: 'success', key: result.changed ? 'printerLive.connection.saved' : 'printerLive.connection.unchanged', params: { assetId: printer.assetId } })
}

function ConnectionForm({ connection, lastResult }: { connection: ConnectionView; lastResult: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT()
  const pending = useIsPending()
  const conflict = lastResult?.current ? lastResult.result.error?.[''] : undefined
  const [form, fields] = useForm<z.input<typeof ConnectionFormSchema>>({
    id: `connection-${connection.version}`,
    lastResult: conflict ? undefined : lastResult?.result,
    constraint: getZodConstraint(ConnectionFormSchema),
    defaultNoValidate: false,
    defaultValue: { version: String(connection.version), type: connection.type, host: connection.host, port: connection.port === null ? '' : String(connection.port), tls: connection.tls ? 'on' : undefined },
  })
  const typeOptions = CONNECTION_TYPES.map((type) => ({ value: type, label: t(`printerLive.type.${type}`) }))
  const secretLabel = { apiKey: t('printerLive.connection.apiKey'), serial: t('printerLive.connection.serial'), accessCode: t('printerLive.connection.accessCode') }
  return (
    <>
      <FormErrors id={form.errorId} errors={conflict ?? form.errors} />
      {!connection.secretsReadable ? <p className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{t('printerLive.connection.secretUnreadable')}</p> : null}
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)} autoComplete="off">
        <input {...getInputProps(fields.version, { type: 'hidden' })} />
        <SelectField label={t('printerLive.connection.type')} options={typeOptions} errors={translateErrors(t, fields.type.errors)} {...getSelectProps(fields.type)} />
        <Field label={t('printerLive.connection.host')} autoComplete="off" spellCheck={false} errors={fields.host.errors} {...getInputProps(fields.host, { type: 'text' })} />
        <Field label={t('printerLive.connection.port')} inputMode="numeric" hint={t('printerLive.connection.portHint')} errors={fields.port.errors} {...getInputProps(fields.port, { type: 'number' })} />
        <div>
          <label className="flex min-h-touch items-center gap-2">
            <input className="h-6 w-6" {...getInputProps(fields.tls, { type: 'checkbox', value: 'on' })} />
            {t('printerLive.connection.tls')}
          </label>
          <p className="text-sm text-slate-600 [word-break:keep-all]">{t('printerLive.connection.tlsHint')}</p>
        </div>
        {/* All three, whatever the type (the page works without JavaScript); the labels say which type needs which. */}
        {SECRETS.map((name) => {
          const stored = connection.secretsSet[name]
          return (
            <Field
              label={secretLabel[name]}
              autoComplete="new-password"
              spellCheck={false}
              hint={
                <span data-testid={`secret-${name}`} data-set={stored ? 'set' : 'not-set'}>
                  {stored ? t('printerLive.connection.secretSet') : t('printerLive.connection.secretNotSet')}
                </span>
              }
              errors={fields[name].errors}
              {...getInputProps(fields[name], { type: 'password' })}
              // A secret is never put back into the page, not even the one just sent.
              defaultValue=""
              key={`${name}-${form.key ?? ''}`}
            />
          )
        })}
        <p className="text-sm text-slate-600 [word-break:keep-all]">{t('printerLive.connection.secretsDropped')}</p>
        <label className="flex min-h-touch items-center gap-2">
          <input className="h-6 w-6" {...getInputProps(fields.clearSecrets, { type: 'checkbox', value: 'on' })} />
          {t('printerLive.connection.clearSecrets')}
        </label>
        <Button type="submit" name="intent" value="save" disabled={pending}>
          {pending ? t('common.saving') : t('printerLive.connection.save')}
        </Button>
      </Form>
    </>
  )
}

export default function PrinterConnectionPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const { printer, live, timeZone } = loaded
  // After a version conflict the form shows the connection as it is now (its version), with the conflict above it.
  const connection = actionData?.current ?? loaded.connection
  const when = (d: string | Date | null) => (d ? formatDateTime(d, timeZone, { seconds: true }) : t('common.none'))
  const connected = connection.type !== 'none'
  // The live card, health and history follow the printer's reports as they come (with JavaScript).
  useLiveEvents(connected, { id: printer.id })
  return (
    <>
      <PageHeader
        title={`${printer.assetId} · ${t('printerLive.connection.title')}`}
        actions={
          <Link to={`/printers/${printer.id}`} className={buttonClass('ghost')}>
            {t('printerLive.connection.back')}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <LiveCard live={live} connected={connected} timeZone={timeZone} />
        <Card>
          <h2 className="text-lg font-semibold">{t('printerLive.health.title')}</h2>
          <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2" data-testid="connection-health">
            <dt className="text-slate-600">{t('printerLive.connection.type')}</dt>
            <dd>{t(`printerLive.type.${connection.type}`)}</dd>
            <dt className="text-slate-600">{t('printerLive.health.connectedSince')}</dt>
            <dd data-testid="health-connected-since">{live?.connectedSince ? when(live.connectedSince) : t('printerLive.health.disconnected')}</dd>
            <dt className="text-slate-600">{t('printerLive.health.lastMessage')}</dt>
            <dd data-testid="health-last-message">{live?.lastSeenAt ? when(live.lastSeenAt) : t('printerLive.never')}</dd>
            <dt className="text-slate-600">{t('printerLive.health.lastError')}</dt>
            <dd data-testid="health-last-error" className="break-words">
              {live?.lastError ? `${live.lastError} (${when(live.lastErrorAt)})` : t('printerLive.health.noError')}
            </dd>
          </dl>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('printerLive.connection.title')}</h2>
          <p className="mt-1 text-sm text-slate-700 [word-break:keep-all]">{t('printerLive.connection.intro')}</p>
          {connection.updatedAt ? (
            <p className="mt-1 text-sm text-slate-600">{t('printerLive.connection.updated', { at: when(connection.updatedAt), name: connection.updatedBy ?? t('common.none') })}</p>
          ) : null}
          {connection.type === 'bambu' && connection.tls ? <PinnedCertificate fingerprint={connection.tlsFingerprint} version={connection.version} canWrite={loaded.canWrite} /> : null}
          {loaded.canWrite ? (
            <ConnectionForm key={`${connection.version}-${actionData?.current ? 'current' : 'loaded'}`} connection={connection} lastResult={actionData} />
          ) : (
            <>
              <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
                <dt className="text-slate-600">{t('printerLive.connection.host')}</dt>
                <dd className="break-all">{connection.host || t('common.none')}</dd>
                <dt className="text-slate-600">{t('printerLive.connection.port')}</dt>
                <dd>{connection.port ?? t('common.none')}</dd>
                <dt className="text-slate-600">TLS</dt>
                <dd>{connection.tls ? t('common.yes') : t('common.no')}</dd>
              </dl>
              <p className="mt-3 text-sm text-slate-600">{t('printerLive.connection.readOnly')}</p>
            </>
          )}
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold">{t('printerLive.history.title')}</h2>
          {loaded.changes.length === 0 ? (
            <p className="text-slate-600">{t('printerLive.history.empty')}</p>
          ) : (
            <DataTable
              size="sm"
              rows={loaded.changes}
              rowKey={(c) => `${c.at}-${c.toState}`}
              columns={[
                { key: 'at', header: t('printerLive.history.at'), nowrap: true, cell: (c) => when(c.at) },
                {
                  key: 'change',
                  header: t('printerLive.history.change'),
                  cell: (c) => (
                    <span className="flex flex-wrap items-center gap-1">
                      {c.fromState ? <LiveStateBadge state={c.fromState} /> : null}
                      <span aria-hidden>→</span>
                      <LiveStateBadge state={c.toState} />
                    </span>
                  ),
                },
                { key: 'file', header: t('printerLive.file'), cell: (c) => <span className="break-all">{c.file ?? c.message ?? ''}</span> },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  )
}
