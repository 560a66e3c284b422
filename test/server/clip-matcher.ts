/**
 * Term matching behind the fake clip generation: enough to make different prompts pick
 * different, sensible segments, with scores in 0..1. Not a search engine: tokenise, drop
 * stop-words, stem lightly, weight rare terms higher, and group neighbouring hits.
 */

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

// Function words plus the filler people put in clip prompts ("the part where they talk about…"),
// which would otherwise match every sentence that contains "talk" or "part".
const STOP_WORDS = new Set(
  `a an the and or but if then than so of to in on at by for with from into onto about over under up down out
  off is are was were be been being am do does did done doing have has had having i me my we our us you your
  he him his she her it its they them their this that these those there here what which who whom whose when
  where why how all any both each few more most other some such no nor not only own same too very can will
  just should would could may might must shall also as let lets s t ll re ve d m o y just really okay ok
  part parts where bit moment moments segment segments clip clips section sections portion talk talks talking
  talked speak speaks speaking discuss discusses discussing discussed mention mentions mentioned explain
  explains explaining explained show shows showing shown find give me video scene scenes someone somebody
  person people thing things something get gets got one ones like want wants see part about whole entire`
    .split(/\s+/)
    .filter(Boolean),
);

// Tiny synonym table: a synonym hit counts for part of the term's weight. Stemmed when first used.
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['price', 'cost', 'charge', 'fee'],
  ['chop', 'dice', 'cut', 'slice', 'mince'],
  ['discount', 'deal'],
  ['hire', 'recruit'],
  ['error', 'failure', 'problem', 'bug', 'broke'],
  ['fast', 'quick', 'speed'],
  ['signup', 'register', 'onboarding'],
  ['demo', 'walkthrough', 'tour'],
  ['audience', 'crowd'],
  ['applause', 'applaud', 'clap', 'ovation'],
  ['sharpen', 'honing', 'whetstone'],
];
const SYNONYM_CREDIT = 0.6;
let synonymMap: Map<string, Set<string>> | undefined;
function synonymsOf(term: string): ReadonlySet<string> {
  if (!synonymMap) {
    synonymMap = new Map();
    for (const group of SYNONYM_GROUPS) {
      const stems = group.map(stem);
      for (const s of stems) synonymMap.set(s, new Set(stems.filter((x) => x !== s)));
    }
  }
  return synonymMap.get(term) ?? new Set();
}

/** Light suffix stripping so that price/prices/pricing/priced all meet at "pric". */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us'))
    w = w.slice(0, -1);
  // election/elect, partitions/partition/partit, connection/connecting/connect.
  if (w.length > 6 && w.endsWith('ion')) w = w.slice(0, -3);
  // running -> runn -> run; but keep "all", "miss", "buzz".
  if (w.length > 3 && /([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lower-case words, stop-words dropped, stemmed. */
export function tokenize(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/sign[\s-]up/g, 'signup')
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return words.map(stem).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
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
        else if ([...synonymsOf(t)].some((x) => set.has(x))) got += w * SYNONYM_CREDIT;
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

/**
 * Matches the prompt and groups hits into segments, best first. Units must be in time order.
 * A segment's score is what all its units cover together, so a passage that mentions "leader",
 * "election" and "Raft" over three sentences beats one sentence with two of the words.
 * No hit is not an error: the answer is simply an empty list.
 */
export function matchSegments(
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
    if (last && i - last.to <= opts.bridge) {
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
