import { Form } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Badge } from '~/components/ui/layout'
import type { MessageKey } from '~/i18n/registry'
import { formatDateTime } from '~/utils/format'
import { useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'
import { channelKey } from './diagnosis'
import { IntentForm } from '~/components/ui/intent-form'

type When = string | Date

/** A sensor's baseline as the machine page receives it (models/vibration/diagnosis-baseline-view.server.ts). */
export interface SensorBaselineProps {
  sensorNo: string
  hasStream: boolean
  baseline: {
    source: 'marked' | 'provisional'
    usable: boolean
    recordingId: string | null
    recordingCollectedAt: When | null
    recordingCount: number
    rangeFrom: When | null
    rangeTo: When | null
    windowCount: number
    growing: boolean
    closedReason: 'span' | 'deviation' | null
    closedAt: When | null
    markedByName: string | null
    channel: string
    bands: { feature: string; low: number; median: number; high: number }[]
  } | null
  progress: {
    total: number
    done: number
    failed: number
    waiting: number
  } | null
}

/** Errors of the last range form sent (which sensor, and the i18n keys or texts to show). */
export interface RangeErrors {
  sensor: string
  messages: string[]
}

/** A band figure with three significant digits (amplitudes span decades with the sensor's gain). */
const figure = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(3))

const SOURCE_TONES = {
  marked: 'green',
  provisional: 'amber',
  own_normal: 'blue',
  none: 'red',
} as const

/**
 * Each sensor's baseline (marked / provisional — "confirm or choose another" / own Normal channel / none), its alarm
 * bands, the re-diagnosis a change started, and the planner's actions: confirm, mark a time range, remove (confirm step).
 * Every action is a real form that works without JavaScript.
 */
export function SensorBaselines({
  sensors,
  timeZone,
  canManage,
  minutes,
  k,
  minWindows,
  rangeErrors,
}: {
  sensors: SensorBaselineProps[]
  timeZone: string
  canManage: boolean
  minutes: number
  k: number
  minWindows: number
  rangeErrors: RangeErrors | null
}) {
  const t = useT()
  const when = (v: When | null) => (v ? formatDateTime(v, timeZone, { seconds: true }) : '—')
  return (
    <div className="space-y-4" data-testid="baselines">
      <p className="text-sm text-slate-700">{t('vibration.baseline.intro', { minutes, k })}</p>
      {sensors.map((s) => {
        const b = s.baseline
        // A provisional baseline still forming judges nothing yet: the sensor needs a baseline as much as one without.
        const source = b ? (b.usable ? b.source : 'none') : s.hasStream ? 'none' : 'own_normal'
        const errors = rangeErrors?.sensor === s.sensorNo ? rangeErrors.messages : []
        return (
          <section key={s.sensorNo} className="rounded-lg p-3 ring-1 ring-slate-200" data-testid={`baseline-${s.sensorNo}`} aria-label={t('vibration.baseline.sensor', { sensor: s.sensorNo })}>
            <h3 className="flex flex-wrap items-center gap-2 font-semibold">
              {t('vibration.baseline.sensor', { sensor: s.sensorNo })}
              <Badge tone={SOURCE_TONES[source]}>{t(`vibration.baseline.source.${source}` as MessageKey)}</Badge>
            </h3>
            <p className="mt-1 text-slate-800">
              {!b
                ? s.hasStream
                  ? t('vibration.baseline.noneStream', { minutes })
                  : t('vibration.baseline.ownNormal')
                : b.source === 'marked'
                ? // A marked recording covers exactly that recording; a marked range says its range.
                  b.recordingCount <= 1 && b.recordingCollectedAt && b.rangeFrom && new Date(b.rangeFrom).getTime() === new Date(b.recordingCollectedAt).getTime()
                  ? t('vibration.baseline.markedRecording', {
                      channel: t(channelKey(b.channel)),
                      when: when(b.recordingCollectedAt),
                      who: b.markedByName ?? '—',
                    })
                  : t('vibration.baseline.markedRange', {
                      from: when(b.rangeFrom),
                      to: when(b.rangeTo),
                      windows: b.windowCount,
                      who: b.markedByName ?? '—',
                    })
                : !b.usable
                ? t('vibration.baseline.forming', {
                    windows: b.windowCount,
                    min: minWindows,
                  })
                : `${t('vibration.baseline.provisional', {
                    from: when(b.rangeFrom),
                    to: when(b.rangeTo),
                    windows: b.windowCount,
                    recordings: b.recordingCount,
                  })} ${
                    b.growing
                      ? t('vibration.baseline.growing', { minutes })
                      : b.closedReason === 'deviation'
                      ? t('vibration.baseline.closedDeviation', {
                          when: when(b.closedAt),
                        })
                      : t('vibration.baseline.closedSpan', { minutes })
                  }`}
            </p>
            {b?.source === 'provisional' && b.usable ? (
              <div className="mt-2 flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 p-2 ring-1 ring-amber-200" data-testid={`provisional-${s.sensorNo}`}>
                <p className="font-medium text-amber-900">{t('vibration.baseline.confirmPrompt')}</p>
                {canManage ? (
                  <IntentForm
                    id={`confirm-baseline-${s.sensorNo}`}
                    intent="confirm-baseline"
                    hidden={{ sensor: s.sensorNo }}
                    label={t('vibration.baseline.confirm', {
                      sensor: s.sensorNo,
                    })}
                  />
                ) : null}
              </div>
            ) : null}
            {s.progress ? <Progress sensor={s.sensorNo} progress={s.progress} /> : null}
            {b && b.bands.length > 0 ? <BandTable sensor={s.sensorNo} bands={b.bands} /> : null}
            {canManage && s.hasStream ? (
              <details className="mt-3" open={errors.length > 0} data-testid={`choose-baseline-${s.sensorNo}`}>
                <summary className="flex min-h-touch cursor-pointer items-center font-medium text-blue-800 underline">{t(b?.usable ? 'vibration.baseline.chooseAnother' : 'vibration.baseline.choose')}</summary>
                <p className="mt-1 text-sm text-slate-700">{t('vibration.baseline.chooseHint')}</p>
                <RangeForm sensor={s.sensorNo} errors={errors} />
              </details>
            ) : null}
            {canManage && b?.source === 'marked' ? (
              <IntentForm
                id={`clear-baseline-${s.sensorNo}`}
                intent="clear-baseline"
                className="mt-3"
                hidden={{ sensor: s.sensorNo }}
                label={t('vibration.diagnosis.clearBaseline', {
                  sensor: s.sensorNo,
                })}
                confirm={{
                  question: t('vibration.diagnosis.clearBaselineQuestion', {
                    sensor: s.sensorNo,
                  }),
                  testId: `confirm-clear-baseline-${s.sensorNo}`,
                }}
              />
            ) : null}
          </section>
        )
      })}
    </div>
  )
}

function Progress({ sensor, progress }: { sensor: string; progress: NonNullable<SensorBaselineProps['progress']> }) {
  const t = useT()
  const label = t('vibration.baseline.progressLabel', { sensor })
  return (
    <div className="mt-2" data-testid={`baseline-progress-${sensor}`}>
      <p className="text-sm text-slate-800">{t(progress.waiting > 0 ? 'vibration.baseline.progress' : 'vibration.baseline.progressDone', { done: progress.done, total: progress.total })}</p>
      <progress className="mt-1 h-2 w-full max-w-md" max={progress.total} value={progress.done + progress.failed} aria-label={label} />
    </div>
  )
}

function BandTable({ sensor, bands }: { sensor: string; bands: NonNullable<SensorBaselineProps['baseline']>['bands'] }) {
  const t = useT()
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="text-sm tabular-nums" data-testid={`bands-${sensor}`}>
        <caption className="text-left font-medium text-slate-700">{t('vibration.baseline.bands', { sensor })}</caption>
        <thead>
          <tr className="text-slate-600">
            <th scope="col" className="py-1 pr-4 text-left font-medium">
              {t('vibration.baseline.col.feature')}
            </th>
            <th scope="col" className="px-3 py-1 text-right font-medium">
              {t('vibration.baseline.col.low')}
            </th>
            <th scope="col" className="px-3 py-1 text-right font-medium">
              {t('vibration.baseline.col.median')}
            </th>
            <th scope="col" className="px-3 py-1 text-right font-medium">
              {t('vibration.baseline.col.high')}
            </th>
          </tr>
        </thead>
        <tbody>
          {bands.map((band) => (
            <tr key={band.feature} className="border-t border-slate-100">
              <th scope="row" className="py-1 pr-4 text-left font-normal">
                {t(`vibration.reason.band.${band.feature}` as MessageKey)}
              </th>
              <td className="px-3 py-1 text-right">{figure(band.low)}</td>
              <td className="px-3 py-1 text-right">{figure(band.median)}</td>
              <td className="px-3 py-1 text-right">{figure(band.high)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Marks a time range of the sensor's data as its baseline (datetime-local in the shop's time zone). */
function RangeForm({ sensor, errors }: { sensor: string; errors: string[] }) {
  const t = useT()
  const isPending = useIsPending({ intent: 'mark-range' })
  return (
    <Form method="post" className="mt-2 grid items-end gap-3 sm:grid-cols-3" aria-label={t('vibration.baseline.chooseAnother')}>
      <input type="hidden" name="sensor" value={sensor} />
      <Field label={t('vibration.baseline.rangeFrom')} type="datetime-local" step={1} name="from" required />
      <Field label={t('vibration.baseline.rangeTo')} type="datetime-local" step={1} name="to" required />
      <Button type="submit" name="intent" value="mark-range" variant="secondary" disabled={isPending}>
        {t('vibration.baseline.markRange')}
      </Button>
      <div className="sm:col-span-3">
        <FormErrors errors={errors} />
      </div>
    </Form>
  )
}
