// Tables of the vibration module.
export {}
