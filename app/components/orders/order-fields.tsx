import { useT } from '~/utils/i18n'
import { Field, SelectField } from '../ui/field'
import { PRIORITIES } from './schemas'

export interface OrderFieldValues {
  reference: string
  customer: string
  targetQuantity: string
  stockOnHand: string
  dueDate: string
  priority: string
  notes: string
}

/** The order's own fields, shared by the new-order and order pages. */
export function OrderFields({ values, errors }: { values: OrderFieldValues; errors: Record<string, string[] | undefined> }) {
  const t = useT()
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('orders.field.reference')} name="reference" required maxLength={60} defaultValue={values.reference} errors={errors.reference} />
        <Field label={t('orders.field.customer')} name="customer" maxLength={120} defaultValue={values.customer} errors={errors.customer} />
        <Field
          label={t('orders.field.targetQuantity')}
          name="targetQuantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          required
          defaultValue={values.targetQuantity}
          errors={errors.targetQuantity}
        />
        <Field
          label={t('orders.field.stockOnHand')}
          name="stockOnHand"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={values.stockOnHand}
          hint={t('orders.field.stockOnHandHint')}
          errors={errors.stockOnHand}
        />
        <Field label={t('orders.field.dueDate')} name="dueDate" type="date" defaultValue={values.dueDate} errors={errors.dueDate} />
        <SelectField
          label={t('orders.field.priority')}
          name="priority"
          defaultValue={values.priority}
          options={PRIORITIES.map((p) => ({ value: String(p), label: t(`orders.priority.${p}`) }))}
          errors={errors.priority}
        />
      </div>
      <Field label={t('orders.field.notes')} name="notes" maxLength={2000} defaultValue={values.notes} errors={errors.notes} />
    </>
  )
}
