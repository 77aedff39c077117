export { TtlCache } from './ttl-cache.js'
