/**
 * The question asked before the API key follows a new API address (issue 16). It is a system
 * dialog on purpose: the key would be sent to the new host from then on, and a page (even a
 * compromised one) can ask for the move but cannot answer this box.
 */
import type { MessageBoxOptions } from 'electron';

/** The host people recognise, or the whole text when it is not a URL. */
function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return address;
  }
}

/** Options of the dialog; button 1 ("Move Key") is the yes, Esc and closing are the no. */
export function keyMoveDialog(from: string, to: string): MessageBoxOptions {
  const plain = to.startsWith('http://');
  return {
    type: 'warning',
    buttons: ['Cancel', 'Move Key'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: `Send your VideoDB API key to ${hostOf(to)}?`,
    detail:
      `Your key is saved for ${from}. After the move it is used only for ${to}, and every ` +
      `request to that address carries it.${plain ? ' This address uses plain http://, so the key travels unencrypted.' : ''}` +
      '\n\nMove it only if you trust that server.',
  };
}
