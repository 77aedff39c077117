export {
  createPool,
  connectDedicated,
  type DedicatedClient,
  withTransaction,
  isUniqueViolation,
  prepared,
  type CommitWith,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
} from './pool.js'
export { PipelinedQuery, type Around } from './pipelined-query.js'
export { PG_INTEGER_MAX } from './limits.js'
export { migrate, readMigrations, type Migration } from './migrate.js'
