/**
 * A machine's live streams (issue #19 item 4): per sensor, whether data is arriving, what came in, and what went wrong
 * (duplicates, gaps with the missing messages, malformed messages and why the last one was refused).
 */
import { Badge } from '~/components/ui/layout'
import type { StreamFigures } from '~/domain/vibration/stream/continuity'
import type { MessageKey } from '~/i18n/registry'
import { formatDateTime, formatNumber } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'

/** A stream as the page receives it (dates as Date on the server, as text after JSON). */
export type StreamProps = StreamFigures<string | Date>

/** A stream that sent nothing for this long is shown as silent. */
export const SILENT_AFTER_MS = 60_000

const PROBLEMS = new Set(['not_json', 'not_object', 'bad_seq', 'bad_t0', 'bad_rate', 'bad_values', 'too_many_values', 'bad_times', 'times_and_rate', 'binary_header'])

export function LiveStreams({ streams, now, timeZone }: { streams: StreamProps[]; now: number; timeZone: string }) {
  const t = useT()
  const locale = useLocale()
  const n = (v: number) => formatNumber(locale, v)
  return (
    <ul className="grid gap-3 lg:grid-cols-2" data-testid="live-streams">
      {streams.map((s) => {
        const last = s.lastMessageAt ? new Date(s.lastMessageAt).getTime() : null
        const live = last !== null && now - last < SILENT_AFTER_MS
        return (
          <li key={s.sensorNo} className="rounded-lg border border-slate-200 p-3" data-testid="live-stream" data-sensor={s.sensorNo}>
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <h3 className="font-semibold">{t('vibration.stream.sensor', { sensor: s.sensorNo })}</h3>
              {live ? (
                <Badge tone="green">{t('vibration.stream.receiving')}</Badge>
              ) : (
                <Badge tone="amber">{last === null ? t('vibration.stream.never') : t('vibration.stream.silentSince', { at: formatDateTime(last, timeZone, { seconds: true }) })}</Badge>
              )}
            </div>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
              <Figure label={t('vibration.stream.samples')} value={n(s.samples)} />
              <Figure label={t('vibration.stream.windows')} value={n(s.windows)} />
              <Figure label={t('vibration.stream.rate')} value={s.rateHz ? t('vibration.stream.hz', { hz: formatNumber(locale, s.rateHz, 1) }) : '—'} />
              <Figure label={t('vibration.stream.messages')} value={n(s.messages)} />
              <Figure label={t('vibration.stream.duplicates')} value={n(s.duplicates)} />
              <Figure label={t('vibration.stream.gaps')} value={n(s.gaps)} warn={s.gaps > 0} />
              <Figure label={t('vibration.stream.malformed')} value={n(s.malformed)} warn={s.malformed > 0} />
            </dl>
            {s.malformed > 0 && s.lastProblem ? (
              <p className="mt-2 text-sm text-amber-900">
                {t('vibration.stream.lastProblem', { why: PROBLEMS.has(s.lastProblem) ? t(`vibration.stream.problem.${s.lastProblem}` as MessageKey) : s.lastProblem })}
              </p>
            ) : null}
            {s.recentGaps.length ? (
              <div className="mt-2">
                <h4 className="text-sm font-medium">{t('vibration.stream.recentGaps')}</h4>
                <ul className="text-sm" data-testid="stream-gaps">
                  {s.recentGaps.map((g) => (
                    <li key={`${String(g.fromAt)}`}>
                      {formatDateTime(g.fromAt, timeZone, { seconds: true })} – {formatDateTime(g.toAt, timeZone, { seconds: true })}
                      {g.missingFrom !== null && g.missingTo !== null
                        ? ` · ${g.missingFrom === g.missingTo ? t('vibration.stream.missingOne', { seq: g.missingFrom }) : t('vibration.stream.missingRange', { from: g.missingFrom, to: g.missingTo, count: g.missingTo - g.missingFrom + 1 })}`
                        : ` · ${t('vibration.stream.pause')}`}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p className="mt-2 break-all text-xs text-slate-600">
              {t('vibration.stream.topic')} <code>{s.topic}</code>
            </p>
          </li>
        )
      })}
    </ul>
  )
}

function Figure({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className="flex justify-between gap-2 sm:block">
      <dt className="text-slate-600">{label}</dt>
      <dd className={`font-medium tabular-nums ${warn ? 'text-amber-900' : ''}`}>{value}</dd>
    </div>
  )
}
