export {
  startHarness,
  harnessEnv,
  apiError,
  ADMIN_TOKEN,
  DISPATCHER_TOKEN,
  WEBHOOK_RESOLVER_TOKEN,
  TEST_DEFINITION,
  type Harness,
} from './harness.js'
