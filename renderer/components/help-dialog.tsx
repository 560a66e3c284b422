/** Every keyboard shortcut, from the same table the key handler uses. */
import { SHORTCUTS, shortcutLabel } from '../lib/shortcuts';
import { Dialog } from './dialog';

/** The shortcuts dialog. */
export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} bodyLabel="Shortcuts">
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={`${s.action}-${s.key}`}>
              <td>
                {s.label}
                {s.where !== undefined && <span className="muted"> · {s.where}</span>}
              </td>
              <td>
                <kbd>{shortcutLabel(s)}</kbd>
              </td>
            </tr>
          ))}
          <tr>
            <td>Move in lists, extend the selection</td>
            <td>
              <kbd>↑</kbd> <kbd>↓</kbd> · <kbd>Shift</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd>
            </td>
          </tr>
          <tr>
            <td>Add or remove a clip from the selection</td>
            <td>
              <kbd>Space</kbd>
            </td>
          </tr>
          <tr>
            <td>Close a dialog or menu</td>
            <td>
              <kbd>Esc</kbd>
            </td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
