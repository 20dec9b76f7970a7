import type { MessageKey, Translate } from '~/i18n'
import { isMessageKey } from '~/i18n'

/** Field errors from conform carry i18n keys; this turns them into the user's language. */
export function translateErrors(t: Translate, errors: string[] | undefined | null): string[] | undefined {
  if (!errors?.length) return undefined
  return errors.map((e) => (isMessageKey(e) ? t(e as MessageKey) : e))
}
