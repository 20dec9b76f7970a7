// Tables of the printers module.
export {}
