export { runService, type ServiceDefinition } from './run-service.js'
