import { getInputProps, getSelectProps, type FieldMetadata, type useForm } from '@conform-to/react'
import type { z } from 'zod'
import { Field, SelectField } from '~/components/ui/field'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { SIGNAL_UNITS, type MachineSchema } from './schemas'

type Fields = ReturnType<typeof useForm<z.input<typeof MachineSchema>>>[1]

export function MachineFields({ fields }: { fields: Fields }) {
  const t = useT()
  return (
    <>
      <Field label={t('vibration.machine.name')} autoComplete="off" errors={translateErrors(t, fields.name.errors)} {...getInputProps(fields.name as FieldMetadata<string>, { type: 'text' })} required maxLength={64} />
      <Field label={t('vibration.machine.location')} errors={translateErrors(t, fields.location.errors)} {...getInputProps(fields.location as FieldMetadata<string>, { type: 'text' })} />
      <Field label={t('vibration.machine.description')} errors={translateErrors(t, fields.description.errors)} {...getInputProps(fields.description as FieldMetadata<string>, { type: 'text' })} />
      <Field label={t('vibration.machine.rpm')} inputMode="numeric" errors={translateErrors(t, fields.nominalRpm.errors)} {...getInputProps(fields.nominalRpm as FieldMetadata<number>, { type: 'number' })} min={1} />
      <SelectField label={t('vibration.machine.unit')} options={SIGNAL_UNITS.map((u) => ({ value: u, label: t(`vibration.unit.${u}`) }))} {...getSelectProps(fields.signalUnit as FieldMetadata<string>)} />
      <SelectField
        label={t('vibration.machine.isoGroup')}
        options={[{ value: '', label: t('vibration.iso.none') }, { value: 'group1', label: t('vibration.iso.group1') }, { value: 'group2', label: t('vibration.iso.group2') }]}
        {...getSelectProps(fields.isoGroup as FieldMetadata<string>)}
      />
      <SelectField
        label={t('vibration.machine.isoFoundation')}
        options={[{ value: '', label: t('vibration.iso.none') }, { value: 'rigid', label: t('vibration.iso.rigid') }, { value: 'flexible', label: t('vibration.iso.flexible') }]}
        {...getSelectProps(fields.isoFoundation as FieldMetadata<string>)}
      />
      <Field label={t('vibration.machine.sensors')} hint={t('vibration.machine.sensorsHint')} errors={translateErrors(t, fields.sensors.errors)} {...getInputProps(fields.sensors as FieldMetadata<string>, { type: 'text' })} />
    </>
  )
}
