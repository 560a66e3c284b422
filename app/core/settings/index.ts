/** User settings and the API address in use (with its one client). */
export { SettingsService } from './settings-service';
export { ApiAddress, type ApiAddressDeps } from './api-address';
export {
  createSettingsHandlers,
  type SettingsCallName,
  type SettingsHandlerDeps,
} from './settings-handlers';
