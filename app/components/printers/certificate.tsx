/**
 * The printer certificate a Bambu Lab connection over TLS has pinned (trust on first use), on the connection page, with
 * a planner's "Forget" (behind a confirm step: the next certificate presented is trusted, whoever presents it).
 */
import { IntentForm } from '~/components/ui/intent-form'
import { useT } from '~/utils/i18n'

export function PinnedCertificate({ fingerprint, version, canWrite }: { fingerprint: string | null; version: number; canWrite: boolean }) {
  const t = useT()
  return (
    <div className="mt-4 border-t border-slate-200 pt-3" data-testid="pinned-certificate">
      <h3 className="font-semibold break-keep">{t('printerLive.certificate.title')}</h3>
      {fingerprint ? (
        <>
          <p className="mt-1 text-sm text-slate-700 break-keep">{t('printerLive.certificate.pinned')}</p>
          <p className="mt-1 font-mono text-xs break-all" data-testid="certificate-fingerprint">
            SHA-256 {fingerprint}
          </p>
          {canWrite ? (
            <IntentForm
              id="forget-certificate"
              intent="forget-certificate"
              hidden={{ version: String(version) }}
              className="mt-2"
              label={t('printerLive.certificate.forget')}
              confirm={{ question: t('printerLive.certificate.forgetQuestion'), testId: 'forget-certificate' }}
            />
          ) : null}
        </>
      ) : (
        <p className="mt-1 text-sm text-slate-700 break-keep">{t('printerLive.certificate.none')}</p>
      )}
    </div>
  )
}
