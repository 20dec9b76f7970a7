import { getInputProps, getSelectProps, type FieldMetadata, type useForm } from '@conform-to/react'
import { Field, SelectField } from '~/components/ui/field'
import { useT } from '~/utils/i18n'
import { SIGNAL_UNITS, type MachineFormInput } from './schemas'

type Fields = ReturnType<typeof useForm<MachineFormInput>>[1]

/** The machine form's fields (new and edit): native limits from MachineSchema's constraint, errors from the server. */
export function MachineFields({ fields }: { fields: Fields }) {
  const t = useT()
  return (
    <>
      <Field label={t('vibration.machine.name')} autoComplete="off" errors={fields.name.errors} {...getInputProps(fields.name as FieldMetadata<string>, { type: 'text' })} />
      <Field label={t('vibration.machine.location')} errors={fields.location.errors} {...getInputProps(fields.location as FieldMetadata<string>, { type: 'text' })} />
      <Field label={t('vibration.machine.description')} errors={fields.description.errors} {...getInputProps(fields.description as FieldMetadata<string>, { type: 'text' })} />
      <Field label={t('vibration.machine.rpm')} inputMode="numeric" errors={fields.nominalRpm.errors} {...getInputProps(fields.nominalRpm as FieldMetadata<number>, { type: 'number' })} />
      <SelectField
        label={t('vibration.machine.unit')}
        options={SIGNAL_UNITS.map((u) => ({ value: u, label: t(`vibration.unit.${u}`) }))}
        errors={fields.signalUnit.errors}
        {...getSelectProps(fields.signalUnit as FieldMetadata<string>)}
      />
      <SelectField
        label={t('vibration.machine.isoGroup')}
        options={[{ value: '', label: t('vibration.iso.none') }, { value: 'group1', label: t('vibration.iso.group1') }, { value: 'group2', label: t('vibration.iso.group2') }]}
        errors={fields.isoGroup.errors}
        {...getSelectProps(fields.isoGroup as FieldMetadata<string>)}
      />
      <SelectField
        label={t('vibration.machine.isoFoundation')}
        options={[{ value: '', label: t('vibration.iso.none') }, { value: 'rigid', label: t('vibration.iso.rigid') }, { value: 'flexible', label: t('vibration.iso.flexible') }]}
        errors={fields.isoFoundation.errors}
        {...getSelectProps(fields.isoFoundation as FieldMetadata<string>)}
      />
      <Field
        label={t('vibration.machine.baselineMinutes')}
        hint={t('vibration.machine.baselineMinutesHint')}
        inputMode="numeric"
        errors={fields.baselineMinutes.errors}
        {...getInputProps(fields.baselineMinutes as FieldMetadata<number>, { type: 'number' })}
      />
      <Field label={t('vibration.machine.sensors')} hint={t('vibration.machine.sensorsHint')} errors={fields.sensors.errors} {...getInputProps(fields.sensors as FieldMetadata<string>, { type: 'text' })} />
    </>
  )
}
