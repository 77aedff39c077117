export { loadConfig, secret, secretValues, ConfigError } from './load.js'
export { port, flag, logLevel, commonEnv } from './common.js'
export { z } from 'zod'
