// Tables of the orders & products module.
export {}
