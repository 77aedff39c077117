export type {
  BundleRef,
  SandboxSpec,
  InvokeRequest,
  InvokeResponse,
  SandboxDriver,
  SandboxEvent,
  SandboxInfo,
  SandboxStatusRecord,
} from './driver.js'
export { ProcessSandboxDriver, type ProcessSandboxOptions } from './process/driver.js'
export { findExecutable } from './process/command.js'
/** The Runtime API idempotency header the runner adds to a handler's writes. */
export { IDEMPOTENCY_KEY_HEADER } from '@switchboard/runner'
export { signRequest, verifyRequest, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_S } from './endpoint/signature.js'
export {
  KubernetesSandboxDriver,
  ServiceDirectory,
  staticDirectory,
  inClusterServiceLister,
  sandboxObjects,
  sandboxName,
  runnerArgs,
  RUNNER_PATH,
  BUNDLE_DIR,
  METADATA_CIDRS,
  SANDBOX_UID,
  SANDBOX_ANNOTATIONS,
  SANDBOX_LABELS,
  SANDBOX_PORT,
  type KubernetesSandboxOptions,
  type InClusterOptions,
  type SandboxDirectory,
  type SandboxEndpoint,
  type ServiceLister,
  type ServiceSummary,
  type KubeObject,
  type SandboxBundle,
  type SandboxObjects,
  type SandboxObjectsOptions,
} from './kubernetes/index.js'
export {
  INTEGRATION_OPERATIONS,
  BOT_OPERATIONS,
  INVOKE_HEADERS,
  encodeConfiguration,
  type IntegrationOperation,
  type BotOperation,
} from './invocation.js'
