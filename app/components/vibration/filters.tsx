import { SelectField } from '~/components/ui/field'
import { useT } from '~/utils/i18n'

/** The machine select of the vibration pages' GET filters ("all" first). */
export function MachineSelect({ machines, defaultValue }: { machines: ReadonlyArray<{ id: string; name: string }>; defaultValue: string }) {
  const t = useT()
  return (
    <SelectField
      label={t('vibration.filter.machine')}
      name="machine"
      defaultValue={defaultValue}
      options={[{ value: '', label: t('common.all') }, ...machines.map((m) => ({ value: m.id, label: m.name }))]}
    />
  )
}
