export { startOperator, settingsFrom, type Operator, type OperatorDeps } from './app.js'
export { operatorEnv, type OperatorConfig } from './config.js'
export type {
  KubeApi,
  KubeObject,
  ObjectRef,
  TypeRef,
  ListOptions,
  WatchEvent,
  WatchHandle,
} from './kube/api.js'
export { ClientNodeKube } from './kube/client.js'
