/**
 * What a connected printer's last print asks of the operator, at the top of the bench (issue 18 item 5):
 * - the printer runs a file no job is linked to → "which job is it?", one tap per candidate (the printer's job now and
 *   its next planned ones); the job starts at the printer's own start time;
 * - the print ended and its job still prints → the record, prefilled (finished: the plate good, grams from the printer
 *   or the plan; failed/cancelled: the plate failed, the printer's words as the note), confirmed in one tap through the
 *   same intents as the record forms below, which stay there for corrections.
 * Plain POST forms: all of it works without JavaScript.
 */
import type { SubmissionResult } from '@conform-to/react'
import { FormErrors } from '~/components/ui/field'
import { IntentForm } from '~/components/ui/intent-form'
import { mgToGramsString } from '~/domain/inventory/mass'
import type { BenchPrint } from '~/models/printers/live/prints.server'
import { formatDateTime, formatGrams } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'

type Time = Date | string
export type PrintAsks = Omit<BenchPrint, 'print'> & { print: Omit<BenchPrint['print'], 'startedAt' | 'endedAt'> & { startedAt: Time; endedAt: Time | null } }
interface Candidate {
  id: string
  version: number
  orderReference: string
  productName: string
  units: number
}

export function PrintPrompt({
  asks,
  candidates,
  timeZone,
  canRecord,
  linkResult,
}: {
  asks: PrintAsks
  candidates: Candidate[]
  timeZone: string
  canRecord: boolean
  linkResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const locale = useLocale()
  const { print, record } = asks
  const file = print.file ?? t('printerLive.print.noFile')
  if (asks.needsJob) {
    return (
      <div className="space-y-3 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-300" data-testid="print-pick" role="status">
        <h4 className="font-semibold break-keep">{t('printerLive.print.startedTitle')}</h4>
        <p className="text-sm text-slate-800 break-keep">
          {t('printerLive.print.startedText', { file, time: formatDateTime(print.startedAt, timeZone) })}
        </p>
        <FormErrors errors={linkResult?.error ? Object.values(linkResult.error).flatMap((e) => e ?? []) : null} />
        {candidates.length === 0 ? (
          <p className="text-sm text-slate-700 break-keep">{t('printerLive.print.noCandidates')}</p>
        ) : canRecord ? (
          <div className="space-y-2">
            {candidates.map((j) => (
              <IntentForm
                key={j.id}
                id={`print-link-${j.id}`}
                intent="print-link"
                hidden={{ printId: print.id, jobId: j.id, version: String(j.version) }}
                variant="secondary"
                buttonClassName="w-full justify-start whitespace-normal text-left break-keep"
                label={t('printerLive.print.pickLine', { reference: j.orderReference, product: j.productName, units: j.units })}
              />
            ))}
          </div>
        ) : null}
      </div>
    )
  }
  if (!record || !print.endedAt) return null
  const finished = record.outcome === 'finished'
  return (
    <div className={`space-y-3 rounded-lg p-3 ring-1 ${finished ? 'bg-green-50 ring-green-300' : 'bg-red-50 ring-red-300'}`} data-testid="print-record" role="status">
      <h4 className="font-semibold break-keep">{t(`printerLive.print.title.${record.outcome}`)}</h4>
      <p className="text-sm text-slate-800 break-keep">{t('printerLive.print.endedText', { file, time: formatDateTime(print.endedAt, timeZone) })}</p>
      {print.message ? <p className="text-sm text-slate-800 break-keep">{t('printerLive.print.printerSays', { message: print.message })}</p> : null}
      <p className="font-medium break-keep" data-testid="print-prefill">
        {t('printerLive.print.prefill', {
          good: record.goodUnits,
          scrap: record.scrapUnits,
          grams: formatGrams(locale, record.mg, { unit: false }),
          source: t(`printerLive.print.source.${record.gramsFrom}`),
        })}
      </p>
      {canRecord ? (
        <>
          <IntentForm
            id="print-confirm"
            intent={finished ? 'job-finish' : 'job-fail'}
            hidden={{
              jobId: record.jobId,
              version: String(record.version),
              goodUnits: String(record.goodUnits),
              scrapUnits: String(record.scrapUnits),
              grams: mgToGramsString(record.mg),
              spoolId: '',
              note: finished ? '' : (print.message ?? t(`printerLive.print.title.${record.outcome}`)).slice(0, 500),
            }}
            variant={finished ? 'primary' : 'danger'}
            buttonClassName="w-full text-lg whitespace-normal break-keep"
            label={finished ? `✓ ${t('printerLive.print.confirm', { good: record.goodUnits })}` : t('printerLive.print.confirmFail', { scrap: record.scrapUnits })}
          />
          <p className="text-sm text-slate-700 break-keep">{t('printerLive.print.editHint')}</p>
        </>
      ) : null}
    </div>
  )
}
