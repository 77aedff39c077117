export { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './database.js'
export { createTestNats, TEST_NATS_URL, type TestNats } from './nats.js'
export { waitFor } from './wait.js'
export { startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from './service-process.js'
