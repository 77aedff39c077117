export { KubernetesSandboxDriver, type KubernetesSandboxOptions } from './driver.js'
export {
  ServiceDirectory,
  staticDirectory,
  inClusterServiceLister,
  type InClusterOptions,
  type SandboxDirectory,
  type SandboxEndpoint,
  type ServiceLister,
  type ServiceSummary,
} from './directory.js'
export {
  sandboxObjects,
  runnerArgs,
  RUNNER_PATH,
  BUNDLE_DIR,
  METADATA_CIDRS,
  SANDBOX_UID,
  type KubeObject,
  type SandboxBundle,
  type SandboxObjects,
  type SandboxObjectsOptions,
} from './objects.js'
export { sandboxName, SANDBOX_ANNOTATIONS, SANDBOX_LABELS, SANDBOX_PORT } from './names.js'
