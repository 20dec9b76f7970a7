/**
 * Password strength on the server (NIST 800-63B 3.1.1.2, ASVS 5.0 6.2): every new password is checked against the
 * common-password and common-word lists shipped by zxcvbn-ts (its `passwords-common` list is the top of the breached
 * password corpora) and must reach a minimum zxcvbn score. Server-only: the dictionaries are megabytes, never sent to
 * the browser.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import type { MessageKey } from '~/i18n'

/**
 * zxcvbn score 3 ("safely unguessable", about 10^8 guesses or more): protection against an offline attack on a slow
 * hash, which is what argon2id gives. Long passphrases of ordinary words pass; `password1`, `qwerty123` or a name with a
 * year do not.
 */
const PASSWORD_MIN_SCORE = 3

let factory: ZxcvbnFactory | undefined
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  })
  return factory
}

/**
 * Why a new password is refused, as an i18n key, or null when it is good enough. `related` are words the password must
 * not lean on (username, display name, the shop's name).
 */
export function passwordWeakness(password: string, related: string[] = []): MessageKey | null {
  const result = estimator().check(password, related.filter(Boolean))
  // The whole password is one entry of a common-password list (with or without l33t or case changes).
  const wholeIsCommon = result.sequence.length === 1 && result.sequence[0].pattern === 'dictionary' && result.sequence[0].dictionaryName === 'passwords-common'
  if (wholeIsCommon) return 'error.passwordCommon'
  return result.score < PASSWORD_MIN_SCORE ? 'error.passwordWeak' : null
}
