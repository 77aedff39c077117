export {
  createPool,
  withTransaction,
  isUniqueViolation,
  prepared,
  inlineValues,
  AND_COMMIT,
  type CommitWith,
  isStalePreparedStatement,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
} from './pool.js'
export { migrate, readMigrations, type Migration } from './migrate.js'
