/** The largest value a Postgres `integer` column (and an `integer` parameter) holds: 2^31 - 1. */
export const PG_INTEGER_MAX = 2_147_483_647
