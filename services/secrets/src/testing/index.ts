export {
  startHarness,
  harnessEnv,
  newMasterKey,
  encodings,
  rejection,
  READER_TOKEN,
  ADMIN_TOKEN,
  type Harness,
  type Callers,
} from './harness.js'
