export { runService, type ServiceDefinition } from './run-service.js'
export {
  healthHandler,
  startHealthServer,
  HEALTH_PATHS,
  type HealthOptions,
  type HealthServer,
} from './health-server.js'
