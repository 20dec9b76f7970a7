import { Form, useSearchParams } from '@remix-run/react'
import { PRINTER_STATUSES } from '~/domain/printers'
import { useT } from '~/utils/i18n'
import { Button } from '../ui/button'
import { SelectField } from '../ui/field'
import { HiddenFields } from './period-form'

/** The fleet list's status filter: a GET form that keeps the period the page shows. */
export function StatusFilter({ status }: { status: string }) {
  const t = useT()
  const [params] = useSearchParams()
  const keep: Record<string, string> = {}
  for (const k of ['period', 'from', 'to']) {
    const v = params.get(k)
    if (v) keep[k] = v
  }
  return (
    <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
      <HiddenFields values={keep} />
      <div className="w-56">
        <SelectField
          label={t('printers.filterStatus')}
          name="status"
          defaultValue={status}
          options={[{ value: '', label: t('common.all') }, ...PRINTER_STATUSES.map((s) => ({ value: s, label: t(`printers.status.${s}`) }))]}
        />
      </div>
      <Button type="submit" variant="secondary">
        {t('common.filter')}
      </Button>
    </Form>
  )
}
