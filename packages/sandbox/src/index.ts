export type { BundleRef, SandboxSpec, InvokeRequest, InvokeResponse, SandboxDriver } from './driver.js'
