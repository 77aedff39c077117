export { buildRunner, bundleRunner } from './build.js'
export {
  RUNNER_ENV,
  RUNNER_EXIT,
  DEFAULT_BODY_LIMIT_BYTES,
  IDEMPOTENCY_KEY_HEADER,
  INVOKE_HEADERS,
  parseReadyLine,
  parseReady,
  parseBridges,
  formatBridges,
  type ReadyLine,
} from './protocol.js'
