/** User settings. */
export { SettingsService } from './settings-service';
