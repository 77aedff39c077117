export {
  createPool,
  withTransaction,
  isUniqueViolation,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
} from './pool.js'
export { migrate, readMigrations, type Migration } from './migrate.js'
