/**
 * "Add videos…" in the window, over the real core and the local server (issue 11 §4): files
 * dropped on the library go up and become videos of the collection, the status bar counts them,
 * the uploads dialog follows each one to "Added" and offers "Make searchable"; a link is added
 * from the dialog's field, and a bad one is refused next to the field.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app';
import { createAppStore } from '../../renderer/store/store';
import { StoreProvider } from '../../renderer/store/store-context';
import { startCoreApi, type CoreApi } from './core-api';

let running: CoreApi | null = null;
let folder = '';
/** Where each test file is on disk, as preload's webUtils would say. */
const paths = new Map<string, string>();

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'renderer-uploads-'));
  paths.clear();
  Object.defineProperty(window, 'files', {
    configurable: true,
    value: { pathsFor: async (files: File[]) => files.map((f) => paths.get(f.name) ?? '') },
  });
});
afterEach(async () => {
  await running?.close();
  running = null;
  rmSync(folder, { recursive: true, force: true });
});

/** A media file on disk and the `File` a drop would carry for it. */
function mediaFile(name: string, size: number): File {
  const bytes = Buffer.alloc(size, name.length);
  const path = join(folder, name);
  writeFileSync(path, bytes);
  paths.set(name, path);
  return new File([bytes], name, { type: 'video/mp4' });
}

async function renderOverCore() {
  running = await startCoreApi({ server: { jobDurationMs: 150 } });
  const store = createAppStore(running.api, { toastMs: 60_000 });
  const user = userEvent.setup();
  render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  // The talks collection, so the new videos have a place that is not the first page of many.
  await user.click(
    await screen.findByRole('button', { name: /^Conference Talks/ }, { timeout: 10_000 }),
  );
  await screen.findByRole('region', { name: /^Videos, \d+$/ }, { timeout: 10_000 });
  return { ...running, store, user };
}

describe('adding videos from the window', () => {
  it('files dropped on the library become videos; the status bar and the dialog follow them', async () => {
    const { user, server } = await renderOverCore();
    const before = Number(
      /Videos, (\d+)/.exec(
        screen.getByRole('region', { name: /^Videos, \d+$/ }).getAttribute('aria-label')!,
      )![1],
    );
    const files = [mediaFile('Team offsite.mp4', 150_000), mediaFile('Roadmap review.mov', 90_000)];
    const content = screen.getByRole('main', { name: 'Videos' });
    const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
    fireEvent.dragEnter(content.firstElementChild!, { dataTransfer });
    expect(await screen.findByText('Drop to add to Conference Talks')).toBeInTheDocument();
    fireEvent.drop(content.firstElementChild!, { dataTransfer });
    expect(await screen.findByText('Adding 2 files to Conference Talks.')).toBeInTheDocument();
    expect(screen.queryByText('Drop to add to Conference Talks')).toBeNull();

    // The status bar counts them until they are added.
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(
      await within(status).findByRole('button', { name: /2 uploads|1 upload/ }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show uploads' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add videos to Conference Talks' });
    const row = within(dialog).getByRole('listitem', { name: 'Team offsite' });
    await waitFor(() => expect(row).toHaveTextContent('Added'), { timeout: 15_000 });
    await waitFor(
      () =>
        expect(within(dialog).getByRole('listitem', { name: 'Roadmap review' })).toHaveTextContent(
          'Added',
        ),
      { timeout: 15_000 },
    );
    await waitFor(() =>
      expect(within(status).queryByRole('button', { name: /upload/ })).toBeNull(),
    );
    expect(server.control.uploadTargets().filter((t) => t.complete)).toHaveLength(2);

    // Make it searchable: the spoken-word index starts on the new video.
    await user.click(within(row).getByRole('button', { name: 'Spoken words' }));
    await waitFor(() => expect(server.control.jobs().some((j) => j.kind === 'index')).toBe(true));
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    // The library lists both new videos.
    await screen.findByRole('region', { name: `Videos, ${before + 2}` }, { timeout: 10_000 });
  });

  it('adds a public link from the dialog, and says next to the field what is wrong with a bad one', async () => {
    const { user, server } = await renderOverCore();
    await user.click(screen.getByRole('button', { name: 'Add videos…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add videos to Conference Talks' });
    const form = within(dialog).getByRole('form', { name: 'Add from a link' });
    const field = within(form).getByLabelText('Or add from a public link');
    await user.type(field, 'ftp://media.example/talk.mp4');
    await user.click(within(form).getByRole('button', { name: 'Add link' }));
    expect(
      await within(form).findByText('Only web links (https://…) can be added.'),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.clear(field);
    await user.type(field, 'https://media.example/recordings/all-hands.mp4');
    await user.type(within(form).getByLabelText('Name (optional)'), 'All hands, March');
    await user.click(within(form).getByRole('button', { name: 'Add link' }));
    const row = await within(dialog).findByRole('listitem', { name: 'All hands, March' });
    await waitFor(() => expect(row).toHaveTextContent('Added'), { timeout: 15_000 });
    expect(
      server.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/upload')),
    ).toHaveLength(1);
  });
});
