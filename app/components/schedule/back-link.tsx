import { Link } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { useT } from '~/utils/i18n'

/** "Back to schedule", to the week starting `week` (YYYY-MM-DD) or to this week. */
export function BackToSchedule({ week }: { week?: string }) {
  const t = useT()
  return (
    <Link to={week ? `/schedule?start=${week}` : '/schedule'} className={buttonClass('ghost')}>
      {t('schedule.job.back')}
    </Link>
  )
}
