/** UI strings of the vibration module (keys prefixed 'vibration.'); merged into the catalogs by en.ts and ko.ts. */
export const vibrationEn = {} as const

export const vibrationKo: Record<keyof typeof vibrationEn, string> = {}
