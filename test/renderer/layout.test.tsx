/**
 * Issue 16 §2 and §4 in the component tests: resizable and collapsible panes that are remembered,
 * a rail and an overlay for narrow windows, the prompt first in the video pane with the source
 * video playable, Ctrl+N to the prompt, quiet "not checked" badges, history rows that tell alike
 * prompts apart, and the accessibility fixes (help dialog body, landmarks, one "Status", Esc).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PANES_KEY } from '../../renderer/lib/pane-layout';
import { SAMPLE } from '../server';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// The seeded library's pricing talk (searchable by scenes) and another video of the default
// collection, never opened here.
const Keynote = SAMPLE.pricingTalkName;
const Unopened = 'Product Demo: Acme Analytics 3.0';
const cardName = (name: string) => new RegExp(`^${name}`);
const findCard = (name: string) =>
  screen.findByRole('button', { name: cardName(name) }, { timeout: 5000 });

function setWidth(width: number) {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: width });
  act(() => {
    window.dispatchEvent(new Event('resize'));
  });
}

beforeEach(() => {
  localStorage.clear();
  setWidth(1280);
});
afterEach(() => {
  localStorage.clear();
  setWidth(1024);
});

async function openVideo(name: string) {
  const app = await renderOverCore();
  await app.user.click(await findCard(name));
  const pane = screen.getByRole('complementary', { name: 'Video details' });
  await within(pane).findByRole('form', { name: 'Make a clip' });
  return { ...app, pane };
}

describe('panes: resizable, collapsible, remembered', () => {
  it('the splitters are keyboard separators with a value, and the sizes are remembered', async () => {
    const first = await renderOverCore();
    const sidebar = await screen.findByRole('separator', { name: 'Resize sidebar' });
    expect(sidebar).toHaveAttribute('aria-valuenow', '232');
    expect(sidebar).toHaveAttribute('aria-orientation', 'vertical');
    sidebar.focus();
    await first.user.keyboard('{ArrowRight}{ArrowRight}');
    expect(sidebar).toHaveAttribute('aria-valuenow', '264');
    await first.user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(sidebar).toHaveAttribute('aria-valuenow', '200');
    await first.user.keyboard('{Home}');
    expect(sidebar).toHaveAttribute('aria-valuenow', '168');

    const detail = screen.getByRole('separator', { name: 'Resize video details' });
    detail.focus();
    // The detail pane is on the right: moving its splitter left makes it wider.
    await first.user.keyboard('{ArrowLeft}');
    expect(detail).toHaveAttribute('aria-valuenow', '416');
    expect(JSON.parse(localStorage.getItem(PANES_KEY) ?? '{}')).toMatchObject({
      sidebarWidth: 168,
      detailWidth: 416,
    });

    // Enter on a splitter collapses its pane; the next window starts that way.
    await first.user.keyboard('{Enter}');
    expect(screen.queryByRole('complementary', { name: 'Video details' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show video details' })).toBeInTheDocument();
  });

  it('collapsing the sidebar and the detail pane is remembered for the next window', async () => {
    const first = await openVideoAndKeep();
    await first.user.click(screen.getByRole('button', { name: 'Collapse sidebar' }));
    expect(screen.getByRole('navigation', { name: 'Sections' })).toHaveClass('sidebar--rail');
    await first.user.click(screen.getByRole('button', { name: 'Hide video details' }));
    first.unmount();

    // The next window, over the same core.
    const again = await renderOverCore(first);
    const expand = await screen.findByRole('button', { name: 'Expand sidebar' });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    // The rail keeps every item's name for screen readers.
    expect(screen.getByRole('button', { name: /Clip history/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show video details' })).toBeInTheDocument();
    await again.user.click(expand);
    expect(screen.getByRole('navigation', { name: 'Sections' })).not.toHaveClass('sidebar--rail');
  });

  it('below 1000 px the sidebar is a rail; below 900 px the detail pane covers the list when opened', async () => {
    setWidth(720);
    const { user } = await renderOverCore();
    await findCard(Keynote);
    expect(screen.getByRole('navigation', { name: 'Sections' })).toHaveClass('sidebar--rail');
    expect(screen.queryByRole('separator', { name: 'Resize sidebar' })).toBeNull();
    // Nothing opened yet: the list has the room.
    expect(screen.queryByRole('complementary', { name: 'Video details' })).toBeNull();
    await user.click(screen.getByRole('button', { name: cardName(Keynote) }));
    const pane = screen.getByRole('complementary', { name: 'Video details' });
    expect(pane.parentElement).toHaveClass('detail-col--overlay');
    await user.click(within(pane).getByRole('button', { name: 'Hide video details' }));
    expect(screen.queryByRole('complementary', { name: 'Video details' })).toBeNull();
    // Opening the same video again brings it back.
    await user.click(screen.getByRole('button', { name: cardName(Keynote) }));
    expect(screen.getByRole('complementary', { name: 'Video details' })).toBeInTheDocument();
  });
});

async function openVideoAndKeep() {
  const app = await renderOverCore();
  await app.user.click(await findCard(Keynote));
  await screen.findByRole('form', { name: 'Make a clip' });
  return { ...app, unmount: () => document.body.replaceChildren() };
}

describe('video pane: the prompt first', () => {
  it('puts "What are you looking for?" before the preview, searchability and scene indexes', async () => {
    const { pane } = await openVideo(Keynote);
    const prompt = within(pane).getByLabelText('What are you looking for?');
    const preview = within(pane).getByRole('region', { name: 'Source video' });
    const searchable = within(pane).getByRole('heading', { name: 'Searchable' });
    const follows = (a: Node, b: Node) =>
      (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    expect(follows(prompt, preview)).toBe(true);
    expect(follows(prompt, searchable)).toBe(true);
  });

  it('plays the source video from its stream link', async () => {
    const { pane, user } = await openVideo(Keynote);
    expect(pane.querySelector('video')).toBeNull();
    await user.click(within(pane).getByRole('button', { name: 'Play video' }));
    const video = await waitFor(() => {
      const v = pane.querySelector('video');
      expect(v).not.toBeNull();
      return v!;
    });
    expect(video).toHaveAccessibleName(`Source video: ${Keynote}`);
  });

  it('Ctrl+N from the history shows the hidden pane and puts the cursor in the prompt', async () => {
    const { user } = await openVideoAndKeep();
    await user.click(screen.getByRole('button', { name: 'Hide video details' }));
    await user.click(screen.getByRole('button', { name: /Clip history/ }));
    await user.keyboard('{Control>}n{/Control}');
    const pane = await screen.findByRole('complementary', { name: 'Video details' });
    await waitFor(() =>
      expect(within(pane).getByLabelText('What are you looking for?')).toHaveFocus(),
    );
    // Showing it again is remembered as the user's choice.
    expect(JSON.parse(localStorage.getItem(PANES_KEY) ?? '{}')).toMatchObject({
      detailCollapsed: false,
    });
  });
});

describe('library badges', () => {
  it('every card whose searchability is not known says so quietly, the same way', async () => {
    // The list does not say how a video can be searched: every card starts unknown.
    const { user } = await renderOverCore();
    const card = await findCard(Unopened);
    const badge = within(card).getByText('Not checked yet');
    expect(badge).toHaveClass('badge--unknown');
    const known = screen.getByRole('button', { name: cardName(Keynote) });
    expect(within(known).getByText('Not checked yet')).toHaveClass('badge--unknown');
    // Opening one finds out; the others keep the same quiet badge.
    await user.click(known);
    await waitFor(() => expect(within(known).queryByText('Not checked yet')).toBeNull());
    expect(within(known).getByText('Searchable by scenes')).toBeInTheDocument();
    expect(within(card).getByText('Not checked yet')).toHaveClass('badge--unknown');
  });
});

describe('history rows and keys', () => {
  const t0 = Date.now();
  const alike = [
    makeJob({
      id: 'p1',
      createdAt: t0 - 1000,
      status: 'done',
      segments: [
        { start: 1, end: 2, text: 'a', score: 1, streamUrl: null },
        { start: 3, end: 4, text: 'b', score: 1, streamUrl: null },
      ],
      request: {
        ...makeJob({ id: 'x' }).request,
        prompt: 'pricing',
        contentType: 'spoken',
        modelName: 'pro',
      },
    }),
    makeJob({
      id: 'p2',
      createdAt: t0 - 2000,
      status: 'processing',
      request: {
        ...makeJob({ id: 'x' }).request,
        prompt: 'pricing',
        contentType: 'multimodal',
        modelName: 'basic',
      },
    }),
  ];

  async function openHistory() {
    const app = await renderOverCore({ jobs: alike });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    const list = await screen.findByRole('listbox', { name: /^Clips, \d+, newest first$/ });
    return { ...app, list };
  }

  it('rows with the same prompt show search type, model and segment count', async () => {
    const { list } = await openHistory();
    const rows = within(list).getAllByRole('option');
    expect(rows[0]).toHaveTextContent('Speech · Pro · 2 segments');
    expect(rows[1]).toHaveTextContent('Speech and scenes · Basic');
    expect(rows[1]).not.toHaveTextContent('segment');
  });

  it('Esc clears a Ctrl+A selection', async () => {
    const { list, user } = await openHistory();
    list.focus();
    await user.keyboard('{Control>}a{/Control}');
    await waitFor(() =>
      expect(within(list).getAllByRole('option', { selected: true })).toHaveLength(2),
    );
    await user.keyboard('{Escape}');
    expect(within(list).queryAllByRole('option', { selected: true })).toHaveLength(0);
  });

  it('the status filter and the status bar have different names', async () => {
    await openHistory();
    expect(screen.getByRole('combobox', { name: 'Filter by status' })).toBeInTheDocument();
    expect(screen.getAllByLabelText('Status')).toHaveLength(1);
  });
});

describe('dialogs', () => {
  it('the shortcuts list scrolls by keyboard: its body takes focus and has a name', async () => {
    const { user } = await renderOverCore();
    await findCard(Keynote);
    fireEvent.keyDown(window, { key: 'F1' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const body = within(dialog).getByRole('region', { name: 'Shortcuts' });
    expect(body).toHaveAttribute('tabindex', '0');
    await user.tab();
    expect(body).toHaveFocus();
  });

  it('a dialog adds no second banner or footer landmark to the page', async () => {
    await renderOverCore();
    await findCard(Keynote);
    fireEvent.keyDown(window, { key: 'F1' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.querySelector('header, footer')).toBeNull();
    expect(screen.getAllByRole('banner')).toHaveLength(1);
    expect(screen.getAllByRole('contentinfo')).toHaveLength(1);
  });
});
