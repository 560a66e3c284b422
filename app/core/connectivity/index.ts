/** Online state from probes, not just OS flags. */
export { createConnectivity, OFFLINE_MAX_FACTOR } from './connectivity';
export type { Connectivity, ConnectivityOptions } from './connectivity';
export { createStatusReport, type StatusReport, type StatusReportDeps } from './status-report';
