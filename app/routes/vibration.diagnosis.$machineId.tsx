import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { StateTimeline } from '~/components/charts/state-timeline'
import { buttonClass } from '~/components/ui/button'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { SensorBaselines } from '~/components/vibration/baselines'
import { channelKey, ChannelSummaryTable, DiagnosisNav, FaultLegend, NO_BASELINE_STATE, replyMessages, STATE_COLORS, useRefreshWhile } from '~/components/vibration/diagnosis'
import { IntentForm } from '~/components/ui/intent-form'
import { FeatureTrends, SERIES_COLORS, TREND_FEATURES } from '~/components/vibration/trends'
import { LiveStreams } from '~/components/vibration/streams'
import { VibrationTabs } from '~/components/vibration/ui'
import { BAND_RULES, CHANNEL_NAMES, decimateSeries, ISO_20816_3_BOUNDARIES, mergeBands, PROVISIONAL } from '~/domain/vibration/diagnosis'
import { diagnosisFilterFromSearch } from '~/domain/vibration/filters'
import { parseCollectedAt } from '~/domain/vibration/ingest'
import type { MessageKey } from '~/i18n/registry'
import { sensorBaselineViews } from '~/models/vibration/diagnosis-baseline-view.server'
import { clearBaseline, confirmProvisional, markRange } from '~/models/vibration/diagnosis-baselines.server'
import { rediagnose } from '~/models/vibration/diagnosis-dispatch.server'
import { machineChannelSummaries, machineDiagnosisContext, machineWindows } from '~/models/vibration/diagnosis-timeline.server'
import { machineStreams } from '~/models/vibration/stream/views.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatAxisTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { useLiveEvents } from '~/utils/use-live-events'
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
  const [{ windows, total }, summaries, baselines, streams] = await Promise.all([
    machineWindows(ctx.machine.id, filter, MAX_WINDOWS),
    machineChannelSummaries(ctx.machine.id, filter),
    sensorBaselineViews(ctx.machine.id, ctx.sensors),
    machineStreams(ctx.machine.id),
  ])

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
  // A window not judged for want of a baseline is a state of its own on the timeline (grey).
  const bands = mergeBands(windows.map((w) => ({ row: `${w.sensorNo}\u0000${w.channel}`, startMs: w.startMs, endMs: w.endMs, state: w.faultType ?? NO_BASELINE_STATE }))).map((b) => ({
    row: rowIndex.get(b.row)!,
    from: b.startMs,
    to: b.endMs,
    state: b.state,
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
    machine: { id: m.id, name: m.name, signalUnit: m.signalUnit, nominalRpm: m.nominalRpm, baselineMinutes: Math.round(m.baselineSeconds / 60) },
    sensors: ctx.sensors,
    baselines,
    recordingCount: ctx.recordingCount,
    filter: raw,
    filterErrors: errors,
    rows,
    bands,
    range: windows.length ? { from: Math.min(...windows.map((w) => w.startMs)), to: Math.max(...windows.map((w) => w.endMs)) } : null,
    shown: windows.length,
    total,
    trends: {
      ...(Object.fromEntries(TREND_FEATURES.map((k) => [k, trend((w) => w[k])])) as Record<(typeof TREND_FEATURES)[number], ReturnType<typeof trend>>),
      velocity: zoned ? trend((w) => w.velocityRms) : null,
    },
    zones: zoned ? [...zoned] : null,
    summaries,
    streams,
    now: Date.now(),
    timeZone,
    canManage: can(user.role, 'vibration:manage'),
    canUpload: can(user.role, 'vibration:upload'),
  }
}

const sensorField = z.string({ required_error: 'vibration.diagnosis.error.sensor' }).max(64).refine(...noNul)
const Action = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('rediagnose') }),
  z.object({ intent: z.literal('clear-baseline'), sensor: sensorField }),
  z.object({ intent: z.literal('confirm-baseline'), sensor: sensorField }),
  z.object({ intent: z.literal('mark-range'), sensor: sensorField, from: z.string().max(40).optional(), to: z.string().max(40).optional() }),
])

/** A refused range, shown under that sensor's range form (an i18n key and its numbers). */
type RangeRefusal = { sensor: string; key: MessageKey; params?: Record<string, number> }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const ctx = await machineDiagnosisContext(params.machineId ?? '')
  if (!ctx) throw new Response('Machine not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: Action })
  if (submission.status !== 'success') return data(submission.reply({ formErrors: ['vibration.diagnosis.error.intent'] }), { status: 400 })
  const to = `/vibration/diagnosis/${ctx.machine.id}`
  const actor = actorOf(user, request)
  const v = submission.value
  if (v.intent === 'rediagnose') {
    const counts = await rediagnose(actor, { machineId: ctx.machine.id })
    if (counts.done + counts.queued === 0) return redirectWithToast(to, { type: 'info', key: 'vibration.diagnosis.nothingToDo' })
    return redirectWithToast(to, { type: 'success', key: 'vibration.diagnosis.rediagnosed', params: counts })
  }
  if (!ctx.sensors.includes(v.sensor)) return data(submission.reply({ fieldErrors: { sensor: ['vibration.diagnosis.error.sensor'] } }), { status: 400 })
  if (v.intent === 'confirm-baseline') {
    if (!(await confirmProvisional(actor, ctx.machine.id, v.sensor))) return data({ ...submission.reply(), refusal: { sensor: v.sensor, key: 'vibration.baseline.error.confirm' } as RangeRefusal }, { status: 409 })
    return redirectWithToast(to, { type: 'success', key: 'vibration.baseline.confirmed', params: { sensor: v.sensor } })
  }
  if (v.intent === 'mark-range') {
    const zone = env().SHOP_TIME_ZONE
    const from = v.from ? parseCollectedAt(v.from, zone) : null
    const until = v.to ? parseCollectedAt(v.to, zone) : null
    if (from === null || until === null || until <= from) return data({ ...submission.reply(), refusal: { sensor: v.sensor, key: 'vibration.baseline.error.range' } as RangeRefusal }, { status: 400 })
    const marked = await markRange(actor, ctx.machine.id, v.sensor, from, until)
    if (!marked.ok) {
      const refusal: RangeRefusal = { sensor: v.sensor, key: 'vibration.baseline.error.tooFew', params: { windows: marked.windows, min: PROVISIONAL.minWindows } }
      return data({ ...submission.reply(), refusal }, { status: 400 })
    }
    return redirectWithToast(to, { type: 'success', key: 'vibration.baseline.rangeSaved', params: { sensor: v.sensor, windows: marked.windows, done: marked.done, queued: marked.queued } })
  }
  const counts = await clearBaseline(actor, ctx.machine.id, v.sensor)
  if (!counts) return data(submission.reply({ fieldErrors: { sensor: ['vibration.diagnosis.error.sensor'] } }), { status: 400 })
  return redirectWithToast(to, { type: 'success', key: 'vibration.diagnosis.baselineCleared', params: { sensor: v.sensor, ...counts } })
}

export default function MachineDiagnosis() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const span = d.range ? d.range.to - d.range.from : 0
  const formatX = (ms: number) => formatAxisTime(ms, d.timeZone, span)
  const rowLabel = (r: { sensorNo: string; channel: string }) => `${r.sensorNo} · ${t(channelKey(r.channel))}`
  const waiting = d.baselines.some((b) => (b.progress?.waiting ?? 0) > 0)
  useRefreshWhile(waiting)
  // With JavaScript, a machine whose sensors stream reloads as their windows are judged (at most every 2 s).
  useLiveEvents(d.streams.length > 0, { url: '/vibration/live-events', id: d.machine.id, minGapMs: 2000 })
  const refusal = result && 'refusal' in result ? (result.refusal as RangeRefusal) : null
  const legend = (
    <ul className="flex flex-wrap gap-3">
      {d.rows.map((r, i) => (
        <li key={r.key} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-0.5 w-5" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} />
          {rowLabel(r)}
        </li>
      ))}
    </ul>
  )
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

      {d.streams.length ? (
        <Card className="mb-4">
          <h2 className="mb-1 text-lg font-semibold">{t('vibration.stream.title')}</h2>
          <p className="mb-3 text-sm text-slate-600">{t('vibration.stream.intro')}</p>
          <LiveStreams streams={d.streams} now={d.now} timeZone={d.timeZone} />
        </Card>
      ) : null}

      <Card className="mb-4">
        <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.timelineTitle')}</h2>
        {d.range && d.rows.length ? (
          <div data-testid="fault-timeline">
            <StateTimeline
              rows={d.rows.map(rowLabel)}
              bands={d.bands}
              colors={STATE_COLORS}
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
          <FeatureTrends
            trends={d.trends}
            velocity={d.trends.velocity}
            zones={d.zones}
            bands={d.baselines.flatMap((b) => (b.baseline?.bands.length ? [{ sensorNo: b.sensorNo, bands: b.baseline.bands }] : []))}
            formatX={formatX}
            legend={legend}
          />
        </Card>
      ) : null}

      <Card className="mb-4">
        <h2 className="mb-2 scroll-mt-4 text-lg font-semibold" id="baselines">
          {t('vibration.baseline.title')}
        </h2>
        <FormErrors errors={replyMessages(result)} />
        <SensorBaselines
          sensors={d.baselines}
          timeZone={d.timeZone}
          canManage={d.canManage}
          minutes={d.machine.baselineMinutes}
          k={BAND_RULES.k}
          minWindows={PROVISIONAL.minWindows}
          rangeErrors={refusal ? { sensor: refusal.sensor, messages: [t(refusal.key, refusal.params)] } : null}
        />
        {waiting ? (
          <Link to={`/vibration/diagnosis/${d.machine.id}#baselines`} className="mt-2 link-row">
            {t('vibration.diagnosis.refresh')}
          </Link>
        ) : null}
        {d.canManage && d.recordingCount > 0 ? (
          <IntentForm id="rediagnose" intent="rediagnose" className="mt-4 flex flex-wrap items-center gap-3" label={t('vibration.diagnosis.rediagnoseMachine')}>
            <span className="text-sm text-slate-600">{t('vibration.diagnosis.rediagnoseHint')}</span>
          </IntentForm>
        ) : null}
        <p className="mt-3 text-sm text-slate-600">{t('vibration.zone.hint')}</p>
      </Card>

      <Card>
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
              <Link className="link-row" to={`/vibration/diagnosis/recordings/${s.recordingId}?channel=${s.channel}`}>
                {t('vibration.diagnosis.open')}
              </Link>
            )}
          />
        )}
      </Card>
    </>
  )
}
