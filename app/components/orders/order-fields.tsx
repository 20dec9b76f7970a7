import { getInputProps, getSelectProps } from '@conform-to/react'
import { useT } from '~/utils/i18n'
import { Field, SelectField } from '../ui/field'
import { PRIORITIES } from './schemas'
import type { FieldsMeta } from './types'

/** The order's own fields (limits from the schema's constraint), shared by the new-order and order pages. */
export function OrderFields({ fields }: { fields: FieldsMeta<'reference' | 'customer' | 'targetQuantity' | 'stockOnHand' | 'dueDate' | 'priority' | 'notes'> }) {
  const t = useT()
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('orders.field.reference')} errors={fields.reference.errors} {...getInputProps(fields.reference, { type: 'text' })} />
        <Field label={t('orders.field.customer')} errors={fields.customer.errors} {...getInputProps(fields.customer, { type: 'text' })} />
        <Field
          label={t('orders.field.targetQuantity')}
          inputMode="numeric"
          errors={fields.targetQuantity.errors}
          {...getInputProps(fields.targetQuantity, { type: 'number' })}
        />
        <Field
          label={t('orders.field.stockOnHand')}
          inputMode="numeric"
          hint={t('orders.field.stockOnHandHint')}
          errors={fields.stockOnHand.errors}
          {...getInputProps(fields.stockOnHand, { type: 'number' })}
        />
        <Field label={t('orders.field.dueDate')} errors={fields.dueDate.errors} {...getInputProps(fields.dueDate, { type: 'date' })} />
        <SelectField
          label={t('orders.field.priority')}
          options={PRIORITIES.map((p) => ({ value: String(p), label: t(`orders.priority.${p}`) }))}
          errors={fields.priority.errors}
          {...getSelectProps(fields.priority)}
        />
      </div>
      <Field label={t('orders.field.notes')} errors={fields.notes.errors} {...getInputProps(fields.notes, { type: 'text' })} />
    </>
  )
}
