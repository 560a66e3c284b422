import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers';
import {
  NO_SCENE_INDEX_MESSAGE,
  NOT_INDEXED_MESSAGE,
  SAMPLE,
  startServer,
  type RunningServer,
} from './index';

let server: RunningServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 0 });
  api = client(server);
});
afterAll(async () => {
  await server.close();
});

interface Doc {
  start: number;
  end: number;
  text: string;
  score: number;
  stream_url?: string;
  scene_index_id?: string;
  scene_index_name?: string;
}

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
  const result = done.json.data.results[0];
  expect(result.video_id).toBe(videoId);
  return result.docs as Doc[];
}

describe('clip relevance', () => {
  const cases: Array<[string, string, string, Record<string, unknown>, RegExp]> = [
    [
      'acme demo, pricing',
      SAMPLE.acmeDemoId,
      'the part where they talk about pricing',
      {},
      /Finally, pricing: the team plan/,
    ],
    [
      'pricing talk, price rise',
      SAMPLE.pricingTalkId,
      'raising prices for existing customers',
      {},
      /hardest conversation is raising prices/,
    ],
    [
      'pricing talk, discounts',
      SAMPLE.pricingTalkId,
      'annual plan discounts',
      {},
      /annual plan discount of fifteen/,
    ],
    [
      'lecture, leader election',
      SAMPLE.distributedLectureId,
      'how does leader election work in Raft',
      {},
      /elect a new leader.*Raft protocol/,
    ],
    [
      'lecture, CAP',
      SAMPLE.distributedLectureId,
      'CAP theorem and network partitions',
      {},
      /CAP theorem says/,
    ],
    [
      'keynote, screen readers',
      SAMPLE.accessibilityKeynoteId,
      'tips for screen reader users',
      {},
      /screen readers/,
    ],
    [
      'interview, import errors',
      SAMPLE.onboardingInterviewId,
      'problems with the spreadsheet import',
      {},
      /importer rejected every row/,
    ],
    [
      'knife, whetstone (visual)',
      SAMPLE.knifeSkillsId,
      'someone sharpening the knife on a stone',
      { content_type: 'visual' },
      /whetstone/,
    ],
    [
      'postgres, replicas (visual)',
      SAMPLE.postgresTalkId,
      'diagram of read replicas',
      { content_type: 'visual' },
      /read replicas/,
    ],
    [
      'postgres, pooling (multimodal)',
      SAMPLE.postgresTalkId,
      'connection pooling',
      { content_type: 'multimodal' },
      /connection pooler/,
    ],
  ];
  for (const [name, id, prompt, extra, expected] of cases) {
    it(name, async () => {
      const docs = await clipDocs(id, prompt, extra);
      expect(docs.length).toBeGreaterThan(0);
      const top = docs[0]!;
      expect(top.text).toMatch(expected);
      expect(top.score).toBeGreaterThan(0);
      expect(top.score).toBeLessThanOrEqual(1);
      expect(top.end).toBeGreaterThan(top.start);
      expect(top.stream_url).toMatch(/\/media\/stream\/[0-9a-f]{16}\/index\.m3u8/);
    });
  }

  it('different prompts on one video give different segments', async () => {
    const a = await clipDocs(SAMPLE.pricingTalkId, 'raising prices for existing customers');
    const b = await clipDocs(SAMPLE.pricingTalkId, 'free trial or freemium');
    expect(a[0]!.start).not.toBe(b[0]!.start);
  });

  it('visual results name their scene index', async () => {
    const docs = await clipDocs(SAMPLE.pricingTalkId, 'three-column pricing table', {
      content_type: 'visual',
      scene_index_id: SAMPLE.pricingTalkShotsIndexId,
    });
    expect(docs[0]).toMatchObject({
      scene_index_id: SAMPLE.pricingTalkShotsIndexId,
      scene_index_name: 'Shots',
    });
  });

  it('no match is a success with empty docs', async () => {
    const docs = await clipDocs(SAMPLE.pricingTalkId, 'quantum chromodynamics of gluons');
    expect(docs).toEqual([]);
  });

  it('pro pads segments with context', async () => {
    const basic = await clipDocs(SAMPLE.pricingTalkId, 'raising prices for existing customers');
    const pro = await clipDocs(SAMPLE.pricingTalkId, 'raising prices for existing customers', {
      model_name: 'pro',
    });
    expect(pro[0]!.end - pro[0]!.start).toBeGreaterThan(basic[0]!.end - basic[0]!.start);
  });
});

describe('clip validation and failures', () => {
  it('rejects invalid enums with a clear 400', async () => {
    const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, {
      prompt: 'x',
      content_type: 'highlights',
    });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({
      success: false,
      message: 'Invalid content_type "highlights": must be one of spoken, visual, multimodal',
    });
    const b = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, {
      prompt: 'x',
      model_name: 'default',
    });
    expect(b.status).toBe(400);
    expect(b.json.message).toMatch(/model_name/);
  });

  it('requires a prompt', async () => {
    const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { content_type: 'spoken' });
    expect(a.status).toBe(400);
    expect(a.json.message).toBe('prompt is required');
  });

  it('404 for an unknown video', async () => {
    expect((await api.post('/video/m-nope/clip', { prompt: 'x' })).status).toBe(404);
  });

  it('spoken clip on the unsearchable video fails as a job', async () => {
    const a = await api.post(`/video/${SAMPLE.unsearchableVideoId}/clip`, { prompt: 'roadmap' });
    expect(a.status).toBe(200);
    const done = await api.finish(a.json.data.output_url);
    expect(done.json).toEqual({ success: false, status: 'failed', message: NOT_INDEXED_MESSAGE });
  });

  it('visual clip without a scene index fails as a job', async () => {
    const a = await api.post(`/video/${SAMPLE.unsearchableVideoId}/clip`, {
      prompt: 'hiking',
      content_type: 'visual',
    });
    const done = await api.finish(a.json.data.output_url);
    expect(done.json.message).toBe(NO_SCENE_INDEX_MESSAGE);
  });

  it('an unknown scene_index_id is a 400', async () => {
    const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, {
      prompt: 'x',
      content_type: 'visual',
      scene_index_id: '0123456789abcdef',
    });
    expect(a.status).toBe(400);
  });
});
