import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrompt } from './clip-intents';
import { stem, synonymsOf } from './clip-terms';
import { client } from './helpers';
import { SAMPLE, startServer, type RunningServer } from './index';
import { SAMPLE_VIDEO_DEFS } from './seed-data';

/**
 * The prompts people actually type (intents, not keywords) against every sample video that is
 * searchable by speech, through the real local server. The expectations say which segment a
 * person would pick: the introduction from the very start, the conclusion through the last line,
 * a handful of key moments spread over the body of the video.
 */

let server: RunningServer;
let api: ReturnType<typeof client>;

interface Doc {
  start: number;
  end: number;
  text: string;
  score: number;
}
interface Line {
  start: number;
  end: number;
  text: string;
}
interface Sample {
  key: string;
  id: string;
  name: string;
  length: number;
  lines: Line[];
  /** What is on screen, in time order (the video's first scene index). */
  scenes: Line[];
}

const samples: Sample[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 0 });
  api = client(server);
  // Find every seeded video that is searchable by speech through the API, as the app would.
  const collections = (await api.get('/collection')).json.data.collections as Array<{
    id: string;
  }>;
  const listed: Array<{ id: string; name: string; length: number | string }> = [];
  for (const c of collections) {
    if (c.id === SAMPLE.archiveCollectionId) continue;
    listed.push(...(await api.get(`/video?collection_id=${c.id}`)).json.data.videos);
  }
  for (const def of SAMPLE_VIDEO_DEFS) {
    if (def.searchable === false) continue;
    const v = listed.find((x) => x.name === def.name);
    if (!v) throw new Error(`sample video ${def.name} is not listed`);
    const transcript = (await api.get(`/video/${v.id}/transcription?segmenter=sentence`)).json.data;
    const indexes = (await api.get(`/video/${v.id}/index/scene`)).json.data.scene_indexes as Array<{
      scene_index_id: string;
    }>;
    const first = indexes[0]?.scene_index_id;
    const records = first
      ? ((await api.get(`/video/${v.id}/index/scene/${first}`)).json.data
          .scene_index_records as Array<{ start: number; end: number; description: string }>)
      : [];
    samples.push({
      key: def.key,
      id: v.id,
      name: v.name,
      length: Number(v.length),
      lines: transcript.word_timestamps,
      scenes: records.map((r) => ({ start: r.start, end: r.end, text: r.description })),
    });
  }
});
afterAll(async () => {
  await server.close();
});

async function clipDocs(
  videoId: string,
  prompt: string,
  extra: Record<string, unknown> = {},
): Promise<Doc[]> {
  const a = await api.post(`/video/${videoId}/clip`, {
    prompt,
    content_type: 'spoken',
    model_name: 'basic',
    ...extra,
  });
  expect(a.status).toBe(200);
  const done = await api.finish(a.json.data.output_url);
  expect(done.json.success).toBe(true);
  return done.json.data.results[0].docs as Doc[];
}

function sample(key: string): Sample {
  const s = samples.find((x) => x.key === key);
  if (!s) throw new Error(`no searchable sample ${key}`);
  return s;
}

const HIGHLIGHTS = ['Show all the key moments', 'highlights', 'the most important points'];
const OPENING = ['Create a clip about the introduction', 'the opening', 'how it starts'];
const CLOSING = ['Create a clip about the conclusion', 'wrap-up', 'how it ends'];

/** Checks the shape every answer must have, and that the scores are real scores. */
function wellFormed(docs: Doc[]): void {
  for (const d of docs) {
    expect(d.end).toBeGreaterThan(d.start);
    expect(d.score).toBeGreaterThan(0);
    expect(d.score).toBeLessThanOrEqual(1);
  }
}

describe('intent prompts on every sample video searchable by speech', () => {
  it('covers all searchable sample videos', () => {
    const expected = SAMPLE_VIDEO_DEFS.filter((d) => d.searchable !== false).length;
    expect(expected).toBeGreaterThanOrEqual(10);
    expect(samples).toHaveLength(expected);
    for (const s of samples) expect(s.lines.length).toBeGreaterThan(5);
  });

  it('the introduction: one passage from 0 through the opening lines, the same however asked', async () => {
    for (const s of samples) {
      const answers = await Promise.all(OPENING.map((p) => clipDocs(s.id, p)));
      for (const docs of answers) {
        wellFormed(docs);
        expect(docs, s.name).toHaveLength(1);
        expect(docs[0]).toEqual(answers[0]![0]);
      }
      const intro = answers[0]![0]!;
      const first = s.lines[0]!;
      expect(intro.start, s.name).toBe(0);
      expect(intro.text.startsWith(first.text), s.name).toBe(true);
      expect(intro.end, s.name).toBeGreaterThanOrEqual(first.end);
      // An opening, not half the video.
      expect(intro.end, s.name).toBeLessThanOrEqual(s.length / 3);
      expect(
        s.lines.some((l) => l.end === intro.end),
        s.name,
      ).toBe(true);
    }
  });

  it('the conclusion: one passage that ends with the last line, the same however asked', async () => {
    for (const s of samples) {
      const answers = await Promise.all(CLOSING.map((p) => clipDocs(s.id, p)));
      for (const docs of answers) {
        wellFormed(docs);
        expect(docs, s.name).toHaveLength(1);
        expect(docs[0]).toEqual(answers[0]![0]);
      }
      const outro = answers[0]![0]!;
      const last = s.lines[s.lines.length - 1]!;
      expect(outro.end, s.name).toBe(last.end);
      expect(outro.text.endsWith(last.text), s.name).toBe(true);
      expect(outro.start, s.name).toBeGreaterThanOrEqual(last.end - s.length / 3);
      expect(
        s.lines.some((l) => l.start === outro.start),
        s.name,
      ).toBe(true);
    }
  });

  it('key moments: 3 to 6, in time order, apart, spread over the body, and not the intro or the end', async () => {
    for (const s of samples) {
      const intro = (await clipDocs(s.id, OPENING[0]!))[0]!;
      const outro = (await clipDocs(s.id, CLOSING[0]!))[0]!;
      const answers = await Promise.all(HIGHLIGHTS.map((p) => clipDocs(s.id, p)));
      for (const docs of answers) expect(docs).toEqual(answers[0]);
      const moments = answers[0]!;
      wellFormed(moments);
      expect(moments.length, s.name).toBeGreaterThanOrEqual(3);
      expect(moments.length, s.name).toBeLessThanOrEqual(6);
      expect(Math.max(...moments.map((m) => m.score))).toBe(1);
      for (let i = 1; i < moments.length; i++) {
        // Ordered by time and not overlapping: each starts after the previous one ended.
        expect(moments[i]!.start, s.name).toBeGreaterThan(moments[i - 1]!.end);
      }
      for (const m of moments) {
        expect(m.start, s.name).toBeGreaterThanOrEqual(intro.end);
        expect(m.end, s.name).toBeLessThanOrEqual(outro.start);
        // Each moment is whole lines of the transcript.
        expect(s.lines.some((l) => l.start === m.start)).toBe(true);
        expect(s.lines.some((l) => l.end === m.end)).toBe(true);
      }
      // Spread: from the first half of the video into its second half.
      const first = moments[0]!;
      const last = moments[moments.length - 1]!;
      expect(first.start, s.name).toBeLessThan(s.length / 2);
      expect(last.start, s.name).toBeGreaterThan(s.length / 2);
      expect(last.start - first.start, s.name).toBeGreaterThan(s.length * 0.4);
    }
  });

  it('key moments are the ones a person would pick', async () => {
    // A line or two a person watching would put in the highlights of each of these.
    const picks: Array<[string, RegExp[]]> = [
      ['pricing-talk', [/three tiers/, /raising prices for existing customers/, /value metric/]],
      ['distributed-lecture', [/leader/, /partition/]],
      ['knife-skills', [/pinch grip/, /onion|root/, /carrot/]],
      ['postgres-scaling', [/partition/, /PgBouncer|connections/, /replica/]],
      ['acme-demo', [/dashboard builder/, /alert/, /SQL editor/, /pricing/]],
      ['ml-production', [/shadow mode/, /[Ll]esson/]],
      ['security-interview', [/single sign-on/, /Frankfurt/]],
    ];
    for (const [key, patterns] of picks) {
      const moments = await clipDocs(sample(key).id, HIGHLIGHTS[0]!);
      const text = moments.map((m) => m.text).join('\n');
      for (const p of patterns) expect(text, key).toMatch(p);
      // Greetings and goodbyes are never key moments.
      expect(text, key).not.toMatch(/Good morning|Thank you|see you/);
    }
  });

  it('the opening and the closing a person would pick', async () => {
    const intro = async (key: string): Promise<string> =>
      (await clipDocs(sample(key).id, 'Create a clip about the introduction'))[0]!.text;
    const outro = async (key: string): Promise<string> =>
      (await clipDocs(sample(key).id, 'how it ends'))[0]!.text;
    expect(await intro('pricing-talk')).toMatch(/^Good morning.*My name is Dana Whitfield/);
    expect(await intro('remote-work-panel')).toMatch(/I am Aisha.*I am Tom/);
    expect(await intro('remote-work-panel')).not.toMatch(/First question/);
    expect(await outro('pricing-talk')).toMatch(/^To wrap up: pick a value metric/);
    expect(await outro('postgres-scaling')).toMatch(/^To sum up: keep statistics fresh/);
    expect(await outro('globex-sales-call')).toMatch(/^So the next steps are/);
  });

  it('a prompt that truly matches nothing stays empty', async () => {
    for (const s of samples) {
      expect(await clipDocs(s.id, 'penguins on the moon'), s.name).toEqual([]);
      expect(
        await clipDocs(s.id, 'penguins on the moon', { content_type: 'visual' }),
        s.name,
      ).toEqual([]);
    }
  });

  it('pro pads key moments with context and they still never overlap', async () => {
    for (const s of samples) {
      const basic = await clipDocs(s.id, 'the key moments');
      const pro = await clipDocs(s.id, 'the key moments', { model_name: 'pro' });
      expect(pro.length).toBe(basic.length);
      const span = (docs: Doc[]): number => docs.reduce((a, d) => a + d.end - d.start, 0);
      expect(span(pro), s.name).toBeGreaterThan(span(basic));
      for (let i = 1; i < pro.length; i++)
        expect(pro[i]!.start, s.name).toBeGreaterThan(pro[i - 1]!.end);
    }
  });
});

describe('topical prompts in other words than the transcript', () => {
  it('"cost" finds the passage about prices in a call that never says "cost"', async () => {
    const call = sample('globex-sales-call');
    expect(call.lines.some((l) => /\bcosts?\b/i.test(l.text))).toBe(false);
    const docs = await clipDocs(call.id, 'how much will it cost');
    expect(docs.length).toBeGreaterThan(0);
    expect(docs[0]!.text).toMatch(/price/);
    // And in the pricing talk, the price rise is among the answers.
    const talk = await clipDocs(sample('pricing-talk').id, 'cost');
    expect(talk.map((d) => d.text).join('\n')).toMatch(/raising prices/);
  });

  it('"customers" finds a video that only says "customer"', async () => {
    const s = sample('security-interview');
    expect(s.lines.some((l) => /customers/i.test(l.text))).toBe(false);
    const docs = await clipDocs(s.id, 'what customers want');
    expect(docs[0]!.text).toMatch(/customer managed keys/);
  });

  it('verb forms and derived words meet their stem', async () => {
    const panel = sample('remote-work-panel');
    expect((await clipDocs(panel.id, 'hiring people in other time zones'))[0]!.text).toMatch(
      /hire/,
    );
    const security = sample('security-interview');
    expect((await clipDocs(security.id, 'is it in the docs'))[0]!.text).toMatch(/documentation/);
    const lecture = sample('distributed-lecture');
    expect((await clipDocs(lecture.id, 'electing a leader'))[0]!.text).toMatch(
      /elect a new leader/,
    );
  });

  it('an intent word next to a topic is a topic ("the end of the quarter")', async () => {
    const docs = await clipDocs(sample('pricing-talk').id, 'discounts at the end of the quarter');
    expect(docs[0]!.text).toMatch(/^But ad hoc discounts given by sales at the end of the quarter/);
  });
});

describe('visual prompts against what is on screen', () => {
  const visual = { content_type: 'visual' } as const;

  it('people clapping finds the applause and the ovation (not said in those words)', async () => {
    const talk = sample('pricing-talk');
    expect(talk.scenes.some((x) => /clap/.test(x.text))).toBe(false);
    expect((await clipDocs(talk.id, 'people clapping', visual))[0]!.text).toMatch(
      /audience applauds/,
    );
    // Multimodal searches what is seen and said together, the same way.
    const both = await clipDocs(talk.id, 'people clapping', { content_type: 'multimodal' });
    expect(both[0]!.text).toMatch(/audience applauds/);
    const keynote = sample('accessibility-keynote');
    expect((await clipDocs(keynote.id, 'people clapping', visual))[0]!.text).toMatch(
      /standing ovation/,
    );
  });

  it('opening shot, last shot and key moments on every video with a scene index', async () => {
    const withScenes = samples.filter((s) => s.scenes.length > 0);
    expect(withScenes.length).toBeGreaterThanOrEqual(10);
    for (const s of withScenes) {
      const [open] = await clipDocs(s.id, 'the opening shot', visual);
      expect(open!.start, s.name).toBe(0);
      expect(open!.text.startsWith(s.scenes[0]!.text), s.name).toBe(true);
      const [end] = await clipDocs(s.id, 'how it ends', visual);
      expect(end!.end, s.name).toBe(s.scenes[s.scenes.length - 1]!.end);
      const [openBoth] = await clipDocs(s.id, 'how it starts', { content_type: 'multimodal' });
      expect(openBoth!.start, s.name).toBe(0);
      const moments = await clipDocs(s.id, 'highlights', visual);
      wellFormed(moments);
      expect(moments.length, s.name).toBeGreaterThanOrEqual(3);
      expect(moments.length, s.name).toBeLessThanOrEqual(6);
      for (let i = 1; i < moments.length; i++)
        expect(moments[i]!.start, s.name).toBeGreaterThanOrEqual(moments[i - 1]!.end);
      for (const m of moments)
        expect(
          s.scenes.some((x) => x.start === m.start),
          s.name,
        ).toBe(true);
    }
  });
});

describe('reading a prompt', () => {
  it('names the intent and keeps the topic', () => {
    expect(readPrompt('Show all the key moments')).toMatchObject({
      intent: 'highlights',
      intentOnly: true,
    });
    expect(readPrompt('Create a clip about the introduction')).toMatchObject({
      intent: 'opening',
      intentOnly: true,
    });
    expect(readPrompt('the summary at the end of the lecture')).toMatchObject({
      intent: 'closing',
      intentOnly: true,
    });
    expect(readPrompt('How does the talk begin?')).toMatchObject({
      intent: 'opening',
      intentOnly: true,
    });
    expect(readPrompt('the key moments about pricing')).toMatchObject({ intentOnly: false });
    expect(readPrompt('the part where they talk about pricing')).toEqual({
      topic: 'the part where they talk about pricing',
      intentOnly: false,
    });
  });

  it('stems plurals, verb forms and derived words together', () => {
    const same: Array<[string, string]> = [
      ['customers', 'customer'],
      ['prices', 'pricing'],
      ['introductions', 'introduce'],
      ['organisation', 'organize'],
      ['security', 'secure'],
      ['documentation', 'document'],
      ['clapping', 'clap'],
      ['weekly', 'week'],
    ];
    for (const [a, b] of same) expect(stem(a), `${a} / ${b}`).toBe(stem(b));
    expect(stem('price')).not.toBe(stem('prize'));
    expect(synonymsOf(stem('cost')).has(stem('price'))).toBe(true);
    expect(synonymsOf(stem('penguin')).size).toBe(0);
  });
});
