import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LineChart } from '~/components/charts/line-chart'
import { buttonClass } from '~/components/ui/button'
import { Field, FormErrors, inputClass, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { channelKey, ChannelSummaryTable, DiagnosisNav, FaultBadge, percent, reasonLine, replyMessages, ZoneBadge } from '~/components/vibration/diagnosis'
import { IntentForm } from '~/components/ui/intent-form'
import { VibrationTabs } from '~/components/vibration/ui'
import { isChannel, ORDERS } from '~/domain/vibration/diagnosis'
import type { MessageKey } from '~/i18n'
import { getRecordingInfo, recordingChannelSummaries, recordingWindows, windowView } from '~/models/vibration/diagnosis-recording.server'
import { markBaseline } from '~/models/vibration/diagnosis-baselines.server'
import { rediagnose } from '~/models/vibration/diagnosis-dispatch.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime, formatFixed } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** A recording's diagnosis: its channels, the windows of one channel and the window view (GET ?channel=&window=). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const rec = await getRecordingInfo(params.recordingId ?? '')
  if (!rec) throw new Response('Recording not found', { status: 404 })
  const search = new URL(request.url).searchParams
  const summaries = await recordingChannelSummaries(rec.id)
  const errors: { channel?: string; window?: string } = {}
  const channelText = search.get('channel') ?? ''
  let channel = summaries.find((s) => s.windowCount > 0)?.channel ?? rec.channels[0] ?? null
  if (channelText) {
    if (isChannel(channelText) && rec.channels.includes(channelText)) channel = channelText
    else errors.channel = 'vibration.diagnosis.error.channel'
  }
  const windows = channel ? await recordingWindows(rec.id, channel) : []
  const windowText = search.get('window') ?? ''
  let index = 0
  if (windowText) {
    const n = Number(windowText)
    if (Number.isInteger(n) && windows.some((w) => w.windowIndex === n)) index = n
    else errors.window = 'vibration.diagnosis.error.window'
  }
  const selected = windows.find((w) => w.windowIndex === index) ?? null
  const view = channel && selected ? await windowView(rec.id, channel, index, selected.features.shaftHz) : null
  return {
    recording: rec,
    summaries,
    channel,
    windows,
    selected,
    view: view
      ? {
          ...view,
          // The spectrum up to the highest order marker (or 1 kHz) is what a technician reads.
          spectrum: view.spectrum.filter((p) => p.hz <= Math.max(200, ...view.markers.map((m) => m.hz * 1.2))),
        }
      : null,
    errors,
    timeZone: env().SHOP_TIME_ZONE,
    retentionDays: env().VIBRATION_RAW_RETENTION_DAYS,
    canManage: can(user.role, 'vibration:manage'),
    canUpload: can(user.role, 'vibration:upload'),
  }
}

const Action = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('baseline'), channel: z.string({ required_error: 'vibration.diagnosis.error.channel' }).max(16) }),
  z.object({ intent: z.literal('rediagnose') }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const rec = await getRecordingInfo(params.recordingId ?? '')
  if (!rec) throw new Response('Recording not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: Action })
  if (submission.status !== 'success') return data(submission.reply({ formErrors: ['vibration.diagnosis.error.intent'] }), { status: 400 })
  const actor = actorOf(user, request)
  const to = `/vibration/diagnosis/recordings/${rec.id}`
  if (submission.value.intent === 'rediagnose') {
    const counts = await rediagnose(actor, { machineId: rec.machineId, recordingId: rec.id })
    return redirectWithToast(to, { type: 'success', key: 'vibration.diagnosis.rediagnosed', params: counts })
  }
  const channel = submission.value.channel
  const result = await markBaseline(actor, rec.id, channel)
  if (!result.ok && result.reason === 'not_found') throw new Response('Recording not found', { status: 404 })
  if (!result.ok && result.reason === 'bad_channel') return data(submission.reply({ fieldErrors: { channel: ['vibration.diagnosis.error.channel'] } }), { status: 400 })
  if (!result.ok) return data({ ...submission.reply(), unusable: result.reason === 'unusable' ? result.code : null }, { status: 400 })
  return redirectWithToast(`${to}?channel=${channel}`, { type: 'success', key: 'vibration.diagnosis.baselineSaved', params: { sensor: result.sensorNo, done: result.done, queued: result.queued } })
}

export default function RecordingDiagnosis() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const rec = d.recording
  const channelName = d.channel ? t(channelKey(d.channel)) : ''
  const formErrors = [
    ...replyMessages(result),
    ...(result && 'unusable' in result && result.unusable ? [t('vibration.diagnosis.error.baselineUnusable', { reason: t(`vibration.diagnosis.problem.${result.unusable}` as MessageKey) })] : []),
  ]
  const selected = d.selected
  const features = selected?.features
  return (
    <>
      <PageHeader
        title={t('vibration.diagnosis.recordingTitle', { machine: rec.machineName, sensor: rec.sensorNo, when: formatDateTime(rec.collectedAt, d.timeZone, { seconds: true }) })}
        actions={
          <Link to={`/vibration/diagnosis/${rec.machineId}`} className={buttonClass('secondary')}>
            {t('vibration.diagnosis.timeline')}
          </Link>
        }
      />
      <VibrationTabs canUpload={d.canUpload} />
      <DiagnosisNav />
      <FormErrors errors={formErrors} />
      {rec.samplesExpiredAt ? (
        <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 [word-break:keep-all]" data-testid="samples-expired">
          {t('vibration.diagnosis.samplesExpired', { date: formatDateTime(rec.samplesExpiredAt, d.timeZone), days: d.retentionDays })}
        </p>
      ) : null}

      <Card className="mb-4">
        <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.channels')}</h2>
        <ChannelSummaryTable
          rows={d.summaries}
          timeZone={d.timeZone}
          testId="channel-summaries"
          withSpeed
          current={d.channel}
          channelCell={(s) => (
            <Link className="link-row" to={`?channel=${s.channel}`}>
              {t(channelKey(s.channel))}
            </Link>
          )}
          action={(s) =>
            d.canManage && !s.problem && !rec.samplesExpiredAt ? (
              <IntentForm id={`baseline-${s.channel}`} intent="baseline" hidden={{ channel: s.channel }} variant="secondary" label={t('vibration.diagnosis.markBaseline', { sensor: rec.sensorNo })} />
            ) : null
          }
        />
        {d.canManage && !rec.samplesExpiredAt ? (
          <IntentForm id="rediagnose" intent="rediagnose" className="mt-3" variant="secondary" label={t('vibration.diagnosis.rediagnose')} />
        ) : null}
      </Card>

      <Card className="mb-4">
        <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.windowView')}</h2>
        <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t('vibration.diagnosis.windowView')}>
          <SelectField
            label={t('vibration.diagnosis.filter.channel')}
            name="channel"
            defaultValue={d.channel ?? ''}
            errors={d.errors.channel ? [d.errors.channel] : undefined}
            options={rec.channels.map((c) => ({ value: c, label: t(channelKey(c)) }))}
          />
          <Field
            label={t('vibration.diagnosis.windowPick')}
            type="number"
            name="window"
            min={0}
            max={Math.max(0, d.windows.length - 1)}
            defaultValue={selected?.windowIndex ?? 0}
            className={`w-32 ${inputClass}`}
            errors={d.errors.window ? [d.errors.window] : undefined}
          />
          <button type="submit" className={buttonClass('primary')}>
            {t('vibration.diagnosis.show')}
          </button>
        </Form>
        {selected && features && (d.view || rec.samplesExpiredAt) ? (
          <div data-testid="window-view">
            <p className="mb-2 flex flex-wrap items-center gap-2">
              <span className="font-medium">
                {d.view
                  ? t('vibration.diagnosis.windowOf', { n: selected.windowIndex, count: d.view.windowCount, start: d.view.startTime.toFixed(2), end: d.view.endTime.toFixed(2) })
                  : `#${selected.windowIndex}`}
              </span>
              <FaultBadge faultType={selected.faultType} />
              {selected.confidence !== null ? <span className="tabular-nums">{t('vibration.diagnosis.confidenceValue', { percent: percent(locale, selected.confidence) })}</span> : null}
              <ZoneBadge zone={selected.isoZone} />
            </p>
            <p className="mb-4" data-testid="window-reason">
              {reasonLine(t, selected.reason)}
            </p>
            {d.view ? (
            <div className="grid gap-4 xl:grid-cols-2">
              <section>
                <h3 className="font-medium">{t('vibration.diagnosis.waveform')}</h3>
                <LineChart
                  series={[
                    { id: 'max', data: d.view.envelope.map((p) => ({ x: p.t, y: p.max })) },
                    { id: 'min', data: d.view.envelope.map((p) => ({ x: p.t, y: p.min })) },
                  ]}
                  colors={['#1d4ed8', '#1d4ed8']}
                  label={t('vibration.diagnosis.waveformLabel', { n: selected.windowIndex, channel: channelName })}
                  formatX={(v) => v.toFixed(2)}
                  formatY={(v) => v.toFixed(1)}
                  xLegend={t('vibration.diagnosis.axis.time')}
                />
              </section>
              <section>
                <h3 className="font-medium">{t('vibration.diagnosis.spectrum')}</h3>
                <LineChart
                  series={[{ id: 'spectrum', data: d.view.spectrum.map((p) => ({ x: p.hz, y: p.amplitude })) }]}
                  label={t('vibration.diagnosis.spectrumLabel', { n: selected.windowIndex, channel: channelName })}
                  formatX={(v) => v.toFixed(0)}
                  formatY={(v) => v.toFixed(2)}
                  yMin={0}
                  xLegend={t('vibration.diagnosis.axis.frequency')}
                  markers={d.view.markers.filter((m) => Number.isInteger(m.order) || m.order < 4).filter((m) => m.hz <= d.view!.spectrum[d.view!.spectrum.length - 1].hz).map((m) => ({ value: m.hz, label: `${m.order}X` }))}
                />
              </section>
            </div>
            ) : (
              <p className="rounded-md bg-slate-50 p-3 text-slate-700 [word-break:keep-all]" data-testid="window-expired">
                {t('vibration.diagnosis.windowExpired')}
              </p>
            )}
            <h3 className="mt-4 font-medium">{t('vibration.diagnosis.features')}</h3>
            <dl className="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" data-testid="window-features">
              <dt className="text-slate-600">{t('vibration.diagnosis.feature.rms')}</dt>
              <dd className="tabular-nums">{formatFixed(features.rms, 3)}</dd>
              <dt className="text-slate-600">{t('vibration.diagnosis.feature.peak')}</dt>
              <dd className="tabular-nums">{formatFixed(features.peak, 3)}</dd>
              <dt className="text-slate-600">{t('vibration.diagnosis.feature.crest')}</dt>
              <dd className="tabular-nums">{formatFixed(features.crest)}</dd>
              <dt className="text-slate-600">{t('vibration.diagnosis.feature.kurtosis')}</dt>
              <dd className="tabular-nums">{formatFixed(features.kurtosis)}</dd>
              <dt className="text-slate-600">{t('vibration.diagnosis.feature.floor')}</dt>
              <dd className="tabular-nums">{formatFixed(features.noiseFloor, 4)}</dd>
              <dt className="text-slate-600">{t('vibration.diagnosis.col.speed')}</dt>
              <dd className="tabular-nums">
                {features.shaftHz != null ? t('vibration.diagnosis.speedValue', { hz: formatFixed(features.shaftHz, 1), rpm: Math.round(features.shaftHz * 60) }) : '—'}
              </dd>
              <dt className="text-slate-600">{t('vibration.diagnosis.velocity')}</dt>
              <dd className="tabular-nums">{features.velocityRms != null ? `${formatFixed(features.velocityRms)} mm/s` : '—'}</dd>
            </dl>
            {/* 16 orders are wider than a portrait card: the row scrolls on its own, the page does not. */}
            <div className="mt-3 overflow-x-auto">
            <table className="text-sm tabular-nums" aria-label={t('vibration.diagnosis.feature.orders')}>
              <tbody>
                <tr>
                  <th scope="row" className="pr-3 text-left font-medium text-slate-600">
                    {t('vibration.diagnosis.feature.orders')}
                  </th>
                  {ORDERS.map((o) => (
                    <th key={o} scope="col" className="px-1 text-right font-medium text-slate-600">
                      {o}X
                    </th>
                  ))}
                </tr>
                <tr>
                  <td />
                  {features.orders.map((a, i) => (
                    <td key={i} className="px-1 text-right">
                      {formatFixed(a, 3)}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
            </div>
          </div>
        ) : (
          <p>{t('vibration.diagnosis.noWindows')}</p>
        )}
      </Card>

      {d.channel && d.windows.length ? (
        <Card>
          <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.windows', { channel: channelName })}</h2>
          <DataTable
            size="sm"
            testId="windows"
            rows={d.windows}
            rowKey={(w) => String(w.windowIndex)}
            rowProps={(w) => (w.windowIndex === selected?.windowIndex ? { className: 'bg-blue-50' } : w.faultType === null ? { className: 'bg-slate-50 text-slate-700', 'data-status': 'no_baseline' } : {})}
            columns={[
              {
                key: 'window',
                header: t('vibration.diagnosis.col.window'),
                cell: (w) => (
                  <Link className="link-row" to={`?channel=${d.channel}&window=${w.windowIndex}`}>
                    {w.windowIndex}
                  </Link>
                ),
              },
              { key: 'detectedAt', header: t('vibration.diagnosis.col.detectedAt'), nowrap: true, cell: (w) => formatDateTime(w.windowEnd, d.timeZone, { seconds: true }) },
              { key: 'diagnosis', header: t('vibration.diagnosis.col.diagnosis'), cell: (w) => <FaultBadge faultType={w.faultType} /> },
              { key: 'confidence', header: t('vibration.diagnosis.col.confidence'), numeric: true, cell: (w) => (w.confidence !== null ? `${percent(locale, w.confidence)}%` : '—') },
              { key: 'zone', header: t('vibration.diagnosis.col.zone'), cell: (w) => <ZoneBadge zone={w.isoZone} /> },
              { key: 'reason', header: t('vibration.diagnosis.col.reason'), cell: (w) => reasonLine(t, w.reason) },
            ]}
          />
        </Card>
      ) : null}
    </>
  )
}
