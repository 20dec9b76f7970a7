import { josa, numberToHangul } from 'es-hangul'

/**
 * Korean particles chosen from the word before them. A catalog writes the particle pair after a placeholder, e.g.
 * "필라멘트 {name}{을/를} 추가했습니다." or "“{text}”{은/는} 숫자가 아닙니다."; once the placeholders are filled, each pair is
 * replaced by the form that fits the text before it (closing quotes and brackets are skipped), picked by es-hangul
 * (`interpolate`, used by the translator).
 *
 * es-hangul reads only Hangul: a word ending in a digit or a Latin letter counts as having no final consonant ("3를",
 * "json를"). So the last number is read as Korean first (3 → 삼, 10 → 십, 49.9 → …구), a capital letter by its Korean
 * name (L 엘, M 엠, N 엔, R 알 end in a consonant) and a Latin word ending in -ng/-m/-n/-l as ending in a consonant; other
 * Latin endings keep es-hangul's reading (a vowel).
 */
export const particles = ['을/를', '은/는', '이/가', '와/과', '으로/로', '이나/나', '이라/라', '이랑/랑', '이에요/예요', '으로서/로서', '으로써/로써', '으로부터/로부터'] as const
export type Particle = (typeof particles)[number]

const isParticle = (value: string): value is Particle => (particles as readonly string[]).includes(value)

const letterNames: Record<string, string> = {
  A: '에이', B: '비', C: '씨', D: '디', E: '이', F: '에프', G: '지', H: '에이치', I: '아이', J: '제이', K: '케이', L: '엘', M: '엠',
  N: '엔', O: '오', P: '피', Q: '큐', R: '알', S: '에스', T: '티', U: '유', V: '브이', W: '더블유', X: '엑스', Y: '와이', Z: '지',
}

const latinFinals: Record<string, string> = { ng: '앙', m: '엄', n: '언', l: '얼' }

/** How the end of `text` is read aloud, as far as the particle after it cares (its last syllable). */
export function spokenEnding(text: string): string {
  const word = text.replace(/[\s”“"'’‘)\]」』》〉>.,!?]+$/u, '')
  const digits = /(\d+)$/.exec(word)?.[1]
  if (digits) {
    const n = Number(digits.slice(-15))
    return n === 0 ? '영' : numberToHangul(n).replace(/\s+/g, '')
  }
  const last = word.at(-1) ?? ''
  if (/[A-Z]/.test(last)) return letterNames[last]
  // A Latin word is read as a word: one ending in -ng, -m, -n or -l ends in a consonant in Korean too (json 제이슨, kim 킴,
  // pool 풀); any other ending is read as a vowel, as es-hangul does.
  const ending = /(ng|m|n|l)$/.exec(word)?.[1]
  return ending ? (latinFinals[ending] ?? word) : word
}

/** The particle that fits after `text` (e.g. pick('필름', '을/를') → '을', pick('SO-2026-103', '을/를') → '을'). */
export function pickParticle(text: string, particle: Particle): string {
  const spoken = spokenEnding(text)
  if (!spoken) return particle.split('/')[0]
  return josa.pick(spoken, particle)
}

const TOKEN = /\{(\w+)\}|\{([가-힣]+\/[가-힣]+)\}/g

/**
 * Fills "{name}" placeholders from `params` (an unknown one stays visible) and replaces every particle pair "{을/를}" by
 * the form that fits the text before it, in one pass, so a value that happens to contain "{을/를}" is left alone. A pair
 * right after a placeholder left unfilled stays as it is, like the placeholder.
 */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!template.includes('{')) return template
  let out = ''
  let last = 0
  let unfilled = -1
  for (const m of template.matchAll(TOKEN)) {
    out += template.slice(last, m.index)
    last = m.index + m[0].length
    const [token, name, pair] = m
    if (name !== undefined) {
      if (params && name in params) out += String(params[name])
      else {
        out += token
        unfilled = out.length
      }
    } else if (isParticle(pair) && !(unfilled >= 0 && /^[\s”"')\]]*$/.test(out.slice(unfilled)))) {
      out += pickParticle(out, pair)
    } else out += token
  }
  return out + template.slice(last)
}
