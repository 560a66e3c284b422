/// <reference types="vite/client" />
import type { Api } from '../app/shared/contract';

declare global {
  interface Window {
    /** Built from the contract by preload (Electron) or the preview page script. */
    readonly api: Api;
  }
}

export {};
