export * from '~/domain/inventory/spool-filters'
