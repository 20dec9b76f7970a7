export * from '~/domain/inventory/spool-grouping'
