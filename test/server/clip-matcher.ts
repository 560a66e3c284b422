/**
 * Matching behind the fake clip generation: enough to make different prompts pick different,
 * sensible segments, with scores in 0..1. Not a search engine. Prompts that ask for a kind of
 * passage ("the key moments", "the introduction", "how it ends") are answered from the shape of
 * the video (clip-intents.ts); topical prompts by terms: tokenise, drop stop-words, stem, credit
 * synonyms, weight rare terms higher, and group neighbouring hits.
 */
import { intentSegments, readPrompt } from './clip-intents';
import { SYNONYM_SHARE, synonymsOf, tokenize, type LibraryTerms } from './clip-terms';

/** A searchable piece of a video: a transcript sentence or a scene. */
export interface MatchUnit {
  start: number;
  end: number;
  text: string;
  /** Set on scene units so results can name their scene index. */
  sceneIndexId?: string;
  sceneIndexName?: string;
}

/** One resulting segment (a `doc` of the clip result). */
export interface MatchedSegment {
  start: number;
  end: number;
  text: string;
  score: number;
  sceneIndexId?: string;
  sceneIndexName?: string;
}

/** Options of one matching run. */
export interface MatchOptions {
  /** Units added on each side of a segment for context (`pro`/`ultra`). */
  pad: number;
  /** Two hits at most this many units apart form one segment. */
  bridge: number;
  /** Maximum number of segments returned. */
  maxSegments: number;
}

interface Scorer {
  /** Share (0..1) of the prompt's weight covered by a set of unit terms. */
  cover(terms: ReadonlySet<string>): number;
  unitTerms: ReadonlyArray<Set<string>>;
}

/** Weights the prompt's terms: higher when few units of this video contain them (idf). */
function scorer(prompt: string, units: readonly MatchUnit[]): Scorer | undefined {
  const terms = [...new Set(tokenize(prompt))];
  if (terms.length === 0 || units.length === 0) return undefined;
  const unitTerms = units.map((u) => new Set(tokenize(u.text)));
  const n = units.length;
  const weights = terms.map((t) => {
    const df = unitTerms.filter((s) => s.has(t)).length;
    return 1 + Math.log((n + 1) / (df + 1));
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    unitTerms,
    cover(set) {
      let got = 0;
      terms.forEach((t, i) => {
        const w = weights[i] ?? 0;
        if (set.has(t)) got += w;
        else if ([...synonymsOf(t)].some((x) => set.has(x))) got += w * SYNONYM_SHARE;
      });
      return Math.round((got / total) * 10_000) / 10_000;
    },
  };
}

/** Scores every unit against the prompt: the share of the prompt's term weight the unit covers. */
export function scoreUnits(prompt: string, units: readonly MatchUnit[]): number[] {
  const sc = scorer(prompt, units);
  return sc ? sc.unitTerms.map((set) => sc.cover(set)) : units.map(() => 0);
}

/** Units scoring at least this much start a segment. */
const MIN_SCORE = 0.3;
/** A segment spans at most this many units: a word said all through a talk is many moments. */
const MAX_GROUP_UNITS = 5;

/**
 * Answers a prompt with segments. Units must be in time order. A prompt that asks only for a
 * kind of passage gets it: key moments (several, in time order), the opening or the closing
 * passage. Any other prompt is matched by its terms, best first. `library` (term counts over the
 * library's videos) tells which terms make a video distinctive, for the key moments.
 * No hit is not an error: the answer is simply an empty list.
 */
export function matchSegments(
  prompt: string,
  units: readonly MatchUnit[],
  opts: MatchOptions,
  library?: LibraryTerms,
): MatchedSegment[] {
  const read = readPrompt(prompt);
  if (read.intent && read.intentOnly) return intentSegments(read.intent, units, opts, library);
  return topicalSegments(read.topic, units, opts);
}

/**
 * Matches the prompt's terms and groups hits into segments, best first. A segment's score is
 * what all its units cover together, so a passage that mentions "leader", "election" and "Raft"
 * over three sentences beats one sentence with two of the words.
 */
function topicalSegments(
  prompt: string,
  units: readonly MatchUnit[],
  opts: MatchOptions,
): MatchedSegment[] {
  const sc = scorer(prompt, units);
  if (!sc) return [];
  const scores = sc.unitTerms.map((set) => sc.cover(set));
  const best = Math.max(0, ...scores);
  if (best < MIN_SCORE) return [];
  const threshold = Math.max(MIN_SCORE, best * 0.5);
  const strong = (i: number): boolean => (scores[i] ?? 0) >= threshold;
  // A weak hit joins only next to a strong one and only if it adds a prompt term the strong one
  // lacks ("Let me draw the Raft protocol" after "elect a new leader"), not for a common word.
  const adds = (i: number, j: number): boolean => {
    if (!strong(j)) return false;
    const a = sc.unitTerms[i] ?? new Set<string>();
    const b = sc.unitTerms[j] ?? new Set<string>();
    return sc.cover(new Set([...a, ...b])) > sc.cover(b);
  };
  const hits = scores.flatMap((s, i) =>
    strong(i) || (s > 0 && (adds(i, i - 1) || adds(i, i + 1))) ? [i] : [],
  );
  const groups: Array<{ from: number; to: number; hits: number; score: number }> = [];
  for (const i of hits) {
    const last = groups[groups.length - 1];
    if (last && i - last.to <= opts.bridge && i - last.from < MAX_GROUP_UNITS) {
      last.to = i;
      last.hits += 1;
    } else {
      groups.push({ from: i, to: i, hits: 1, score: 0 });
    }
  }
  for (const g of groups) {
    const union = new Set<string>();
    for (let i = g.from; i <= g.to; i++) for (const t of sc.unitTerms[i] ?? []) union.add(t);
    g.score = sc.cover(union);
  }
  const kept = groups.filter((g) => g.score >= threshold);
  kept.sort((a, b) => b.score - a.score || b.hits - a.hits || a.from - b.from);
  return kept.slice(0, opts.maxSegments).map((g) => {
    const from = Math.max(0, g.from - opts.pad);
    const to = Math.min(units.length - 1, g.to + opts.pad);
    const slice = units.slice(from, to + 1);
    const first = slice[0];
    const lastUnit = slice[slice.length - 1];
    const seg: MatchedSegment = {
      start: first?.start ?? 0,
      end: lastUnit?.end ?? 0,
      text: slice.map((u) => u.text).join(' '),
      score: g.score,
    };
    if (first?.sceneIndexId !== undefined) seg.sceneIndexId = first.sceneIndexId;
    if (first?.sceneIndexName !== undefined) seg.sceneIndexName = first.sceneIndexName;
    return seg;
  });
}
