/**
 * The shop's choice for finished prints of connected printers (issue 18 item 5), on the fleet page for administrators:
 * recorded automatically, or (the default) waiting for a person's tap on the printer page. A plain POST form.
 */
import { FlagCard, flagSchema } from '~/components/ui/flag-card'
import { useT } from '~/utils/i18n'

export const AutoRecordSchema = flagSchema('auto-record')

export function AutoRecordCard({ enabled }: { enabled: boolean }) {
  const t = useT()
  return (
    <FlagCard
      intent="auto-record"
      enabled={enabled}
      testId="auto-record"
      title={t('printerLive.autoRecord.title')}
      label={t('printerLive.autoRecord.label')}
      hint={t('printerLive.autoRecord.hint')}
      save={t('printerLive.autoRecord.save')}
    />
  )
}
