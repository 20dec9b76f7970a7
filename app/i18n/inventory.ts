/** UI strings of the inventory module (keys prefixed 'inventory.'); merged into the catalogs by en.ts and ko.ts. */
export const inventoryEn = {} as const

export const inventoryKo: Record<keyof typeof inventoryEn, string> = {}
