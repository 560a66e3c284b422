/// <reference types="vite/client" />
import type { Api } from '../app/shared/contract';
import type { FilesBridge } from '../app/shared/files-bridge';

declare global {
  interface Window {
    /** Built from the contract by preload (Electron) or the preview page script. */
    readonly api: Api;
    /** Paths of dropped or chosen files (preload or the preview page); absent elsewhere. */
    readonly files?: FilesBridge<File>;
  }
}

export {};
