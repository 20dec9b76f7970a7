export * from '~/domain/inventory/outlook-check'
