/** UI strings of the printers module (keys prefixed 'printers.'); merged into the catalogs by en.ts and ko.ts. */
export const printersEn = {} as const

export const printersKo: Record<keyof typeof printersEn, string> = {}
