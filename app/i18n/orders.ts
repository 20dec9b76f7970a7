/** UI strings of the orders module (keys prefixed 'orders.' and 'products.'); merged into the catalogs by en.ts and ko.ts. */
export const ordersEn = {} as const

export const ordersKo: Record<keyof typeof ordersEn, string> = {}
