import { Form } from '@remix-run/react'
import type { PeriodKind } from '~/domain/printers'
import { useT } from '~/utils/i18n'
import { Button } from '../ui/button'
import { Field, SelectField } from '../ui/field'

export interface PeriodFormValue {
  kind: PeriodKind
  firstDate: string
  lastDate: string
}

/** Query values another GET form on the page set, carried along so that this form's submit keeps them. */
export function HiddenFields({ values }: { values: Record<string, string> }) {
  return Object.entries(values).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)
}

/** The period filter: a GET form (works without JavaScript); other query values to keep ride along as hidden fields. */
export function PeriodForm({
  period,
  errors,
  keep = {},
}: {
  period: PeriodFormValue
  errors?: { from?: string[]; to?: string[] }
  keep?: Record<string, string>
}) {
  const t = useT()
  return (
    <Form method="get" className="grid items-end gap-3 sm:grid-cols-4" aria-label={t('printers.util.period')}>
      <HiddenFields values={keep} />
      <SelectField
        label={t('printers.util.period')}
        name="period"
        defaultValue={period.kind}
        options={[
          { value: 'week', label: t('printers.util.week') },
          { value: 'month', label: t('printers.util.month') },
          { value: 'custom', label: t('printers.util.custom') },
        ]}
      />
      <Field label={t('printers.util.from')} name="from" type="date" defaultValue={period.firstDate} errors={errors?.from} />
      <Field label={t('printers.util.to')} name="to" type="date" defaultValue={period.lastDate} errors={errors?.to} />
      <Button type="submit" variant="secondary">
        {t('printers.util.show')}
      </Button>
    </Form>
  )
}
