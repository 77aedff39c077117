export {
  createPool,
  connectDedicated,
  type DedicatedClient,
  withTransaction,
  isUniqueViolation,
  prepared,
  AND_COMMIT,
  type CommitWith,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
} from './pool.js'
export { migrate, readMigrations, type Migration } from './migrate.js'
