export { startIngress, type Ingress } from './app.js'
export { ingressEnv, type IngressConfig } from './config.js'
