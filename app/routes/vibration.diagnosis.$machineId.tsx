import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LineChart, type YBand } from '~/components/charts/line-chart'
import { StateTimeline } from '~/components/charts/state-timeline'
import { buttonClass } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { channelKey, ChannelSummaryTable, DiagnosisNav, FAULT_COLORS, FaultLegend, replyMessages } from '~/components/vibration/diagnosis'
import { IntentForm } from '~/components/vibration/intent-form'
import { VibrationTabs } from '~/components/vibration/ui'
import { CHANNEL_NAMES, decimateSeries, ISO_20816_3_BOUNDARIES, mergeBands } from '~/domain/vibration/diagnosis'
import { machineChannelSummaries, machineDiagnosisContext, machineWindows } from '~/models/vibration/diagnosis-timeline.server'
import { clearBaseline } from '~/models/vibration/diagnosis-baselines.server'
import { rediagnose } from '~/models/vibration/diagnosis-dispatch.server'
import { diagnosisFilterFromSearch } from '~/domain/vibration/filters'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatAxisTime, formatDateTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { noNul } from '~/utils/text'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** Windows shown on the timeline at most (the newest in the filter); points per trend line at most. */
const MAX_WINDOWS = 5000
const MAX_TREND_POINTS = 300

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const ctx = await machineDiagnosisContext(params.machineId ?? '')
  if (!ctx) throw new Response('Machine not found', { status: 404 })
  const timeZone = env().SHOP_TIME_ZONE
  const { filter, raw, errors } = diagnosisFilterFromSearch(new URL(request.url).searchParams, timeZone, ctx.sensors)
  const [{ windows, total }, summaries] = await Promise.all([machineWindows(ctx.machine.id, filter, MAX_WINDOWS), machineChannelSummaries(ctx.machine.id, filter)])

  // One timeline row (and trend line) per sensor + channel, in sensor order then channel order.
  const rowKeys = [...new Set(windows.map((w) => `${w.sensorNo}\u0000${w.channel}`))].sort((a, b) => {
    const [sa, ca] = a.split('\u0000')
    const [sb, cb] = b.split('\u0000')
    return sa.localeCompare(sb, 'en', { numeric: true }) || CHANNEL_NAMES.indexOf(ca as never) - CHANNEL_NAMES.indexOf(cb as never)
  })
  const rows = rowKeys.map((k) => {
    const [sensorNo, channel] = k.split('\u0000')
    return { key: k, sensorNo, channel }
  })
  const rowIndex = new Map(rowKeys.map((k, i) => [k, i]))
  const bands = mergeBands(windows.map((w) => ({ row: `${w.sensorNo}\u0000${w.channel}`, startMs: w.startMs, endMs: w.endMs, faultType: w.faultType as 0 | 1 | 2 | 3 }))).map((b) => ({
    row: rowIndex.get(b.row)!,
    from: b.startMs,
    to: b.endMs,
    state: b.faultType,
  }))
  const trend = (pick: (w: (typeof windows)[number]) => number | null) =>
    rows.map((r) => ({
      id: r.key,
      data: decimateSeries(
        windows.filter((w) => `${w.sensorNo}\u0000${w.channel}` === r.key).map((w) => ({ x: w.endMs, y: pick(w) })),
        MAX_TREND_POINTS,
      ),
    }))
  const m = ctx.machine
  const zoned = m.signalUnit !== 'unknown' && m.isoGroup && m.isoFoundation ? ISO_20816_3_BOUNDARIES[m.isoGroup][m.isoFoundation] : null
  return {
    machine: { id: m.id, name: m.name, signalUnit: m.signalUnit, nominalRpm: m.nominalRpm },
    sensors: ctx.sensors,
    baselines: ctx.baselines,
    recordingCount: ctx.recordingCount,
    filter: raw,
    filterErrors: errors,
    rows,
    bands,
    range: windows.length ? { from: Math.min(...windows.map((w) => w.startMs)), to: Math.max(...windows.map((w) => w.endMs)) } : null,
    shown: windows.length,
    total,
    trends: {
      rms: trend((w) => w.rms),
      oneX: trend((w) => w.oneX),
      crest: trend((w) => w.crest),
      velocity: zoned ? trend((w) => w.velocityRms) : null,
    },
    zones: zoned ? [...zoned] : null,
    summaries,
    timeZone,
    canManage: can(user.role, 'vibration:manage'),
    canUpload: can(user.role, 'vibration:upload'),
  }
}

const Action = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('rediagnose') }),
  z.object({ intent: z.literal('clear-baseline'), sensor: z.string({ required_error: 'vibration.diagnosis.error.sensor' }).max(64).refine(...noNul) }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const ctx = await machineDiagnosisContext(params.machineId ?? '')
  if (!ctx) throw new Response('Machine not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: Action })
  if (submission.status !== 'success') return data(submission.reply({ formErrors: ['vibration.diagnosis.error.intent'] }), { status: 400 })
  const to = `/vibration/diagnosis/${ctx.machine.id}`
  const actor = actorOf(user, request)
  if (submission.value.intent === 'rediagnose') {
    const counts = await rediagnose(actor, { machineId: ctx.machine.id })
    if (counts.done + counts.queued === 0) return redirectWithToast(to, { type: 'info', key: 'vibration.diagnosis.nothingToDo' })
    return redirectWithToast(to, { type: 'success', key: 'vibration.diagnosis.rediagnosed', params: counts })
  }
  const sensor = submission.value.sensor
  const counts = await clearBaseline(actor, ctx.machine.id, sensor)
  if (!counts) return data(submission.reply({ fieldErrors: { sensor: ['vibration.diagnosis.error.sensor'] } }), { status: 400 })
  return redirectWithToast(to, { type: 'success', key: 'vibration.diagnosis.baselineCleared', params: { sensor, ...counts } })
}

export default function MachineDiagnosis() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const span = d.range ? d.range.to - d.range.from : 0
  const formatX = (ms: number) => formatAxisTime(ms, d.timeZone, span)
  const rowLabel = (r: { sensorNo: string; channel: string }) => `${r.sensorNo} · ${t(channelKey(r.channel))}`
  const seriesColors = ['#1d4ed8', '#f59e0b', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f']
  const legend = (
    <ul className="flex flex-wrap gap-3">
      {d.rows.map((r, i) => (
        <li key={r.key} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-0.5 w-5" style={{ background: seriesColors[i % seriesColors.length] }} />
          {rowLabel(r)}
        </li>
      ))}
    </ul>
  )
  const zoneBands: YBand[] = d.zones
    ? [
        { from: 0, to: d.zones[0], color: '#bbf7d0', label: t('vibration.zone.A') },
        { from: d.zones[0], to: d.zones[1], color: '#d9f99d', label: t('vibration.zone.B') },
        { from: d.zones[1], to: d.zones[2], color: '#fde68a', label: t('vibration.zone.C') },
        { from: d.zones[2], to: d.zones[2] * 1.5, color: '#fecaca', label: t('vibration.zone.D') },
      ]
    : []
  const filterErrors = (k: keyof typeof d.filterErrors) => (d.filterErrors[k] ? [d.filterErrors[k]] : undefined)
  return (
    <>
      <PageHeader title={t('vibration.diagnosis.machineTitle', { name: d.machine.name })} />
      <VibrationTabs canUpload={d.canUpload} />
      <DiagnosisNav />
      <Card className="mb-4">
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label={t('common.filter')}>
          <SelectField
            label={t('vibration.diagnosis.filter.sensor')}
            name="sensor"
            defaultValue={d.filter.sensor}
            errors={filterErrors('sensor')}
            options={[{ value: '', label: t('common.all') }, ...d.sensors.map((s) => ({ value: s, label: s }))]}
          />
          <SelectField
            label={t('vibration.diagnosis.filter.channel')}
            name="channel"
            defaultValue={d.filter.channel}
            errors={filterErrors('channel')}
            options={[{ value: '', label: t('common.all') }, ...CHANNEL_NAMES.map((c) => ({ value: c, label: t(channelKey(c)) }))]}
          />
          {(['from', 'to'] as const).map((k) => (
            <Field key={k} label={t(`vibration.diagnosis.filter.${k}`)} type="datetime-local" step={1} name={k} defaultValue={d.filter[k]} errors={filterErrors(k)} />
          ))}
          <button type="submit" className={buttonClass('primary')}>
            {t('common.filter')}
          </button>
          <Link to={`/vibration/diagnosis/${d.machine.id}`} className={buttonClass('secondary')}>
            {t('common.reset')}
          </Link>
        </Form>
      </Card>

      <Card className="mb-4">
        <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.timelineTitle')}</h2>
        {d.range && d.rows.length ? (
          <div data-testid="fault-timeline">
            <StateTimeline
              rows={d.rows.map(rowLabel)}
              bands={d.bands}
              colors={FAULT_COLORS}
              from={d.range.from}
              to={d.range.to}
              label={t('vibration.diagnosis.timelineLabel', { name: d.machine.name })}
              formatX={formatX}
            />
            <FaultLegend />
            {d.total > d.shown ? <p className="mt-2 text-sm text-slate-700">{t('vibration.diagnosis.timelineTruncated', { shown: d.shown, total: d.total })}</p> : null}
          </div>
        ) : (
          <p>{t('vibration.diagnosis.timelineEmpty')}</p>
        )}
      </Card>

      {d.range && d.rows.length ? (
        <Card className="mb-4">
          <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.trends')}</h2>
          <div className="grid gap-4 xl:grid-cols-2">
            {d.trends.velocity ? (
              <section>
                <h3 className="font-medium">{t('vibration.diagnosis.trend.velocity')}</h3>
                <LineChart
                  series={d.trends.velocity}
                  label={t('vibration.diagnosis.trend.label', { feature: t('vibration.diagnosis.trend.velocity') })}
                  colors={seriesColors}
                  formatX={formatX}
                  formatY={(v) => v.toFixed(1)}
                  yMin={0}
                  yMax={Math.max(d.zones![2] * 1.5, ...d.trends.velocity.flatMap((s) => s.data.map((p) => p.y * 1.1)))}
                  bands={zoneBands}
                  legend={legend}
                />
              </section>
            ) : (
              <p className="text-sm text-slate-700 xl:col-span-2">{t('vibration.diagnosis.trend.notZoned')}</p>
            )}
            {(['rms', 'oneX', 'crest'] as const).map((k) => (
              <section key={k}>
                <h3 className="font-medium">{t(`vibration.diagnosis.trend.${k}`)}</h3>
                <LineChart
                  series={d.trends[k]}
                  label={t('vibration.diagnosis.trend.label', { feature: t(`vibration.diagnosis.trend.${k}`) })}
                  colors={seriesColors}
                  formatX={formatX}
                  formatY={(v) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2))}
                  yMin={0}
                  legend={legend}
                />
              </section>
            ))}
          </div>
        </Card>
      ) : null}

      <Card className="mb-4">
        <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.recordings')}</h2>
        {d.summaries.length === 0 ? (
          <p>{t('vibration.diagnosis.timelineEmpty')}</p>
        ) : (
          <ChannelSummaryTable
            rows={d.summaries}
            timeZone={d.timeZone}
            testId="recording-summaries"
            withRecording
            action={(s) => (
              <Link className="flex min-h-touch items-center font-medium text-blue-800 underline" to={`/vibration/diagnosis/recordings/${s.recordingId}?channel=${s.channel}`}>
                {t('vibration.diagnosis.open')}
              </Link>
            )}
          />
        )}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t('vibration.diagnosis.baseline')}</h2>
        <FormErrors errors={replyMessages(result)} />
        <ul className="mt-2 space-y-2" data-testid="baselines">
          {d.sensors.map((sensor) => {
            const b = d.baselines.find((x) => x.sensorNo === sensor)
            return (
              <li key={sensor} className="flex flex-wrap items-center gap-3">
                <span>
                  {b
                    ? t('vibration.diagnosis.baselineMarked', { sensor, channel: t(channelKey(b.channel)), when: formatDateTime(b.collectedAt, d.timeZone, { seconds: true }), who: b.markedByName ?? '—' })
                    : t('vibration.diagnosis.baselineNone', { sensor })}
                </span>
                {b && d.canManage ? (
                  <IntentForm id={`clear-baseline-${sensor}`} intent="clear-baseline" hidden={{ sensor }} variant="secondary" label={t('vibration.diagnosis.clearBaseline', { sensor })} />
                ) : null}
              </li>
            )
          })}
        </ul>
        {d.canManage && d.recordingCount > 0 ? (
          <IntentForm id="rediagnose" intent="rediagnose" className="mt-4 flex flex-wrap items-center gap-3" label={t('vibration.diagnosis.rediagnoseMachine')}>
            <span className="text-sm text-slate-600">{t('vibration.diagnosis.rediagnoseHint')}</span>
          </IntentForm>
        ) : null}
        <p className="mt-3 text-sm text-slate-600">{t('vibration.zone.hint')}</p>
      </Card>
    </>
  )
}
