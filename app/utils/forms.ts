import type { MessageKey, Translate } from '~/i18n'
import { isMessageKey } from '~/i18n/registry'

/** Field errors from conform carry i18n keys; this turns them into the user's language. */
export function translateErrors(t: Translate, errors: string[] | undefined | null): string[] | undefined {
  if (!errors?.length) return undefined
  return errors.map((e) => (isMessageKey(e) ? t(e as MessageKey) : e))
}

/**
 * On a page with several forms (intent buttons), the action's last result belongs to the form whose intent was sent:
 * `useForm({ id: 'weigh', lastResult: resultFor(actionData, 'weigh'), … })`.
 */
export function resultFor<R extends { initialValue?: Record<string, unknown> | null } | null | undefined>(lastResult: R, intent: string): R | undefined {
  return lastResult?.initialValue?.intent === intent ? lastResult : undefined
}

/** zod parameters that give every issue of a field one message key (shown translated by Field/FormErrors). */
export const keyed = (key: MessageKey) => ({ errorMap: () => ({ message: key }) })

/** conform `formatError`: a field whose checks fail twice under one message key shows that message once. */
export const messagesOnce = (issues: Array<{ message: string }>) => [...new Set(issues.map((i) => i.message))]
