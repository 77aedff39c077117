export { startHarness, harnessEnv, apiError, ADMIN_TOKEN, TEST_DEFINITION, type Harness } from './harness.js'
