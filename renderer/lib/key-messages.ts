/** What to tell the user when a key could not be checked or stored, by error code. */
import type { AppErrorInfo } from '../../app/shared/domain';

/** A plain message for each way storing a key can fail. */
export function keyErrorMessage(error: AppErrorInfo): string {
  switch (error.code) {
    case 'auth':
      return 'VideoDB did not accept this key. Check that you copied all of it from console.videodb.io, or create a new one there.';
    case 'offline':
    case 'timeout':
      return 'VideoDB could not be reached, so the key could not be checked. Check your internet connection and try again. Nothing was saved.';
    case 'keychain':
      return 'The key is correct, but your system keychain would not store it. Unlock the keychain (or allow VideoDB Clips to use it) and try again.';
    case 'forbidden':
      return 'This key works but is not allowed to use the API. Check its permissions on console.videodb.io.';
    default:
      return error.message;
  }
}
