/**
 * Prompts that ask for a kind of passage rather than a topic: "Show all the key moments",
 * "Create a clip about the introduction", "how it ends". The real clip endpoint is driven by a
 * language model that understands these; the local server answers them from the shape of the
 * video instead (opening and closing cues, and which terms this video says far more than the rest
 * of the library).
 */
import type { MatchedSegment, MatchOptions, MatchUnit } from './clip-matcher';
import { tokenize, type LibraryTerms } from './clip-terms';

/** A kind of passage a prompt can ask for. */
export type ClipIntent = 'highlights' | 'opening' | 'closing';

/** What a prompt asks for once its framing ("Create a clip about…") is taken off. */
export interface ReadPrompt {
  /** The prompt without its framing and without the words that named the intent. */
  topic: string;
  /** The kind of passage asked for, if any. */
  intent?: ClipIntent;
  /** True when nothing but the intent is asked ("the key moments of the talk"). */
  intentOnly: boolean;
}

// "Create a clip about", "make me a short video of", "give me a segment on": framing, not topic.
const FRAMING =
  /^\s*(?:please\s+)?(?:create|make|generate|build|give|show|cut|extract|pull|grab|produce|find)\s+(?:me\s+|us\s+)?(?:a|an|the|some)?\s*(?:\w+\s+)?(?:clips?|videos?|reels?|segments?|compilation|montage|supercut)\s+(?:about|of|on|for|with|showing|where|that|covering)?/;

const MOMENT_NOUNS =
  'moments?|points?|parts?|bits?|takeaways?|ideas?|insights?|things?|topics?|lessons?|messages?|quotes?|clips?|sections?|segments?|scenes?|shots?|lines?|highlights?';
const HOW_IT = String.raw`how\s+(?:do\s+|does\s+|did\s+)?(?:it|this|the\s+\w+|they|he|she|we|things)\s+`;

const INTENT_PATTERNS: ReadonlyArray<readonly [ClipIntent, RegExp]> = [
  [
    'highlights',
    new RegExp(
      String.raw`\b(?:the\s+)?(?:most\s+)?(?:key|main|important|interesting|notable|memorable|significant|essential|crucial|best|biggest|top|core|central|major)\s+(?:${MOMENT_NOUNS})\b` +
        String.raw`|\bhighlights?(?:\s+reel)?\b|\bmost\s+important\b|\btakeaways?\b|\bsummar(?:y|ise|ize)\b|\brecap\b|\bgist\b|\bbest\s+of\b|\bwhat\s+matters(?:\s+most)?\b`,
      'g',
    ),
  ],
  [
    'opening',
    new RegExp(
      String.raw`\bintro(?:duction)?s?\b|\bopening(?:\s+(?:words|lines|remarks|minutes?|seconds?|part|passage|scenes?|shots?))?\b|\bbeginning\b` +
        String.raw`|\b(?:at\s+)?the\s+start(?:\s+of)?\b|\bkick[\s-]?off\b|\b${HOW_IT}(?:starts?|begins?|opens?|kicks?\s+off)\b` +
        String.raw`|\b(?:first|opening)\s+(?:few\s+)?(?:minutes?|seconds?|words|lines|part|scenes?|shots?)\b`,
      'g',
    ),
  ],
  [
    'closing',
    new RegExp(
      String.raw`\bconclu(?:sions?|des?|ding)\b|\bwrap(?:ping)?[\s-]?ups?\b|\bending\b|\boutro\b|\bsign[\s-]?off\b|\bgoodbyes?\b|\bfarewell\b` +
        String.raw`|\b(?:final|last|closing)\s+(?:few\s+)?(?:words|remarks|thoughts|minutes?|seconds?|lines|part|scenes?|shots?)\b|\bclosing\b` +
        String.raw`|\b(?:at\s+|towards?\s+)?the\s+(?:very\s+)?end\b|\b${HOW_IT}(?:ends?|finish(?:es)?|wraps?\s+up|closes?|concludes?)\b`,
      'g',
    ),
  ],
];

// Left over next to an intent, these still mean "the video" or "a passage", not a topic.
const INTENT_FILLER = new Set(
  tokenize(
    `create make generate build produce compile extract pull grab cut list please short quick brief
    little full good nice main key important interesting best point points takeaway idea video talk
    lecture panel interview call demo presentation keynote session speaker speech recording episode
    meeting webinar lesson class tutorial walkthrough film footage reel everything overall host
    presenter starts begins ends finishes first last few minute second word line`,
  ),
);

/** Reads a prompt: framing off, and which kind of passage (if any) it asks for. */
export function readPrompt(prompt: string): ReadPrompt {
  let text = prompt
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9'\s-]+/g, ' ')
    .replace(FRAMING, ' ');
  const found: Array<{ intent: ClipIntent; at: number }> = [];
  for (const [intent, pattern] of INTENT_PATTERNS) {
    text = text.replace(pattern, (_m, ...args: unknown[]) => {
      const at = args.find((a): a is number => typeof a === 'number') ?? 0;
      found.push({ intent, at });
      return ' ';
    });
  }
  const topic = text.replace(/\s+/g, ' ').trim();
  if (found.length === 0) return { topic, intentOnly: false };
  // Where it is (opening, closing) is more specific than how much ("the summary at the end").
  const positional = found.filter((f) => f.intent !== 'highlights').sort((a, b) => a.at - b.at);
  const intent = (positional[0] ?? found[0])!.intent;
  const intentOnly = tokenize(topic).every((t) => INTENT_FILLER.has(t));
  return { topic, intent, intentOnly };
}

// Sentences (and shots) that open or close a video: greetings, names, agenda, thanks, goodbyes.
const OPENING_CUE =
  /\b(?:welcome|hello|hi|hey|good (?:morning|afternoon|evening)|thanks?|thank you|my name|i am|i'm|we are|today|this (?:video|talk|call|lecture|session|panel)|introduc\w*|joining|agenda|before we (?:start|begin)|title|walks onto|waves?)\b/i;
const CLOSING_CUE =
  /\b(?:thanks?|thank you|questions?|see you|that is it|that's it|that is the|bye|goodbye|enjoy|wrap(?:ping)? up|sum up|in summary|in conclusion|to conclude|next time|next steps?|ready to go|talk to you|remember one thing|applau\w*|ovation|claps?|bows|leaves the stage|wave goodbye|shake hands|smiles)\b/i;
// A sentence that announces the conclusion pulls the closing passage back to it.
const WRAP_UP_CUE =
  /\b(?:to (?:wrap|sum) up|in summary|in conclusion|to conclude|to recap|so the next steps|any questions|that is the tour)\b/i;

/** Shortest opening or closing passage (seconds) before cues decide whether it goes on. */
const MIN_PASSAGE_S = 10;
/** Longest opening or closing passage (seconds); never more than a third of the video. */
const MAX_PASSAGE_S = 45;

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

function passageSegment(
  units: readonly MatchUnit[],
  from: number,
  to: number,
  cueShare: number,
): MatchedSegment {
  const slice = units.slice(from, to + 1);
  const first = slice[0];
  const last = slice[slice.length - 1];
  const seg: MatchedSegment = {
    // The opening starts with the video, not with its first word.
    start: from === 0 ? 0 : (first?.start ?? 0),
    end: last?.end ?? 0,
    text: slice.map((u) => u.text).join(' '),
    score: round4(0.5 + 0.5 * cueShare),
  };
  if (first?.sceneIndexId !== undefined) seg.sceneIndexId = first.sceneIndexId;
  if (first?.sceneIndexName !== undefined) seg.sceneIndexName = first.sceneIndexName;
  return seg;
}

function cueShare(units: readonly MatchUnit[], from: number, to: number, cue: RegExp): number {
  let n = 0;
  for (let i = from; i <= to; i++) if (cue.test(units[i]?.text ?? '')) n += 1;
  return n / (to - from + 1);
}

/** Units [0, to] of the opening passage: from the start through the greetings, names, agenda. */
function openingRange(units: readonly MatchUnit[]): { from: number; to: number } {
  const videoEnd = units[units.length - 1]?.end ?? 0;
  const limit = Math.min(MAX_PASSAGE_S, videoEnd / 3);
  let to = 0;
  while (to + 1 < units.length) {
    const next = units[to + 1]!;
    if (next.end > limit) break;
    const short = (units[to]?.end ?? 0) < MIN_PASSAGE_S;
    if (!short && !OPENING_CUE.test(next.text)) break;
    to += 1;
  }
  return { from: 0, to };
}

/** Units [from, last] of the closing passage: wrap-up, thanks and goodbyes, to the last line. */
function closingRange(units: readonly MatchUnit[]): { from: number; to: number } {
  const last = units.length - 1;
  const videoEnd = units[last]?.end ?? 0;
  const limit = videoEnd - Math.min(MAX_PASSAGE_S, videoEnd / 3);
  let from = last;
  while (from - 1 >= 0) {
    const prev = units[from - 1]!;
    if (prev.start < limit) break;
    const short = videoEnd - (units[from]?.start ?? 0) < MIN_PASSAGE_S;
    if (!short && !CLOSING_CUE.test(prev.text)) break;
    from -= 1;
  }
  for (let i = from - 1; i >= 0 && (units[i]?.start ?? 0) >= limit; i--)
    if (WRAP_UP_CUE.test(units[i]?.text ?? '')) from = i;
  return { from, to: last };
}

function passage(
  units: readonly MatchUnit[],
  range: { from: number; to: number },
  cue: RegExp,
): MatchedSegment[] {
  return [passageSegment(units, range.from, range.to, cueShare(units, range.from, range.to, cue))];
}

/**
 * Number of key moments for a passage of this many units: one per ~3 units, 3 to 6, and no
 * more than the model returns (basic: 5).
 */
function momentCount(n: number, maxSegments: number): number {
  return Math.min(n, Math.max(3, Math.min(6, maxSegments, Math.round(n / 3))));
}

/** A unit shorter than this (seconds) is a heading ("Third, screen readers.") and takes the next. */
const HEADING_S = 4;

/**
 * Salience of each unit: how much of what it says is what this video is about. A term weighs its
 * count in this video times how rare it is in the rest of the library (tf·idf with the library's
 * other videos as the documents), and a sentence weighs the sum of its terms over the square
 * root of their number, so long sentences do not win by length alone. Greetings and thanks
 * count half: a person does not pick "Good morning everyone" as a key moment.
 */
export function salience(units: readonly MatchUnit[], library?: LibraryTerms): number[] {
  const unitTerms = units.map((u) => new Set(tokenize(u.text)));
  const tf = new Map<string, number>();
  for (const set of unitTerms) for (const t of set) tf.set(t, (tf.get(t) ?? 0) + 1);
  const others = library ? Math.max(1, library.videos - 1) : 1;
  const weight = (t: string): number => {
    const inOthers = library ? Math.max(0, (library.videoFrequency.get(t) ?? 1) - 1) : 0;
    const idf = Math.log((others + 1) / (inOthers + 1));
    return (tf.get(t) ?? 0) * Math.max(idf, 0.05);
  };
  return unitTerms.map((set, i) => {
    if (set.size === 0) return 0;
    let sum = 0;
    for (const t of set) sum += weight(t);
    const text = units[i]?.text ?? '';
    const pleasantry = OPENING_CUE.test(text) || CLOSING_CUE.test(text) ? 0.5 : 1;
    return (sum / Math.sqrt(set.size)) * pleasantry;
  });
}

/**
 * Key moments: the video cut into equal stretches, the most salient unit of each stretch, never
 * two neighbouring units, ordered by time. Splitting first is what spreads them over the video.
 */
function highlights(
  units: readonly MatchUnit[],
  opts: MatchOptions,
  library?: LibraryTerms,
): MatchedSegment[] {
  // Key moments come from the body: the greetings and the goodbyes are answers of their own.
  const open = openingRange(units);
  const close = closingRange(units);
  const bodyFrom = open.to + 1;
  const bodyTo = close.from - 1;
  const sal = salience(units, library);
  return bodyTo - bodyFrom + 1 >= 5
    ? moments(units.slice(bodyFrom, bodyTo + 1), sal.slice(bodyFrom, bodyTo + 1), opts)
    : moments(units, sal, opts);
}

function moments(
  units: readonly MatchUnit[],
  sal: readonly number[],
  opts: MatchOptions,
): MatchedSegment[] {
  const n = units.length;
  const k = momentCount(n, opts.maxSegments);
  const claimed = new Array<boolean>(n).fill(false);
  const regions = Array.from({ length: k }, (_, r) => ({
    from: Math.floor((r * n) / k),
    to: Math.floor(((r + 1) * n) / k) - 1,
  }));
  // Strongest stretches choose first, so a weak stretch yields to its neighbour's best unit.
  const best = (r: { from: number; to: number }): number =>
    Math.max(0, ...sal.slice(r.from, r.to + 1));
  const picks: Array<{ from: number; to: number; score: number }> = [];
  const free = (i: number): boolean => i >= 0 && i < n && !claimed[i];
  const take = (r: { from: number; to: number }, apart: boolean): boolean => {
    let pick = -1;
    for (let i = r.from; i <= r.to; i++) {
      if (!free(i) || (apart && (claimed[i - 1] || claimed[i + 1]))) continue;
      if (pick < 0 || (sal[i] ?? 0) > (sal[pick] ?? 0)) pick = i;
    }
    if (pick < 0 || (sal[pick] ?? 0) <= 0) return false;
    let to = pick;
    const u = units[pick]!;
    if (u.end - u.start < HEADING_S && free(pick + 1) && !claimed[pick + 2]) to = pick + 1;
    for (let i = pick; i <= to; i++) claimed[i] = true;
    picks.push({ from: pick, to, score: Math.max(sal[pick] ?? 0, sal[to] ?? 0) });
    return true;
  };
  // Never two neighbouring units first; a stretch left empty by that then takes its best free
  // unit even next to another moment (short videos, long scenes).
  const empty = [...regions].sort((a, b) => best(b) - best(a)).filter((r) => !take(r, true));
  for (const r of empty) take(r, false);
  picks.sort((a, b) => a.from - b.from);
  // Context padding (pro, ultra) only into units no other moment holds.
  for (const p of picks) {
    for (let s = 0; s < opts.pad && p.from > 0 && !claimed[p.from - 1]; s++) {
      p.from -= 1;
      claimed[p.from] = true;
    }
    for (let s = 0; s < opts.pad && p.to + 1 < n && !claimed[p.to + 1]; s++) {
      p.to += 1;
      claimed[p.to] = true;
    }
  }
  const top = Math.max(...picks.map((p) => p.score));
  return picks.map((p) => {
    const slice = units.slice(p.from, p.to + 1);
    const first = slice[0];
    const seg: MatchedSegment = {
      start: first?.start ?? 0,
      end: slice[slice.length - 1]?.end ?? 0,
      text: slice.map((x) => x.text).join(' '),
      score: round4(Math.max(0.05, p.score / top)),
    };
    if (first?.sceneIndexId !== undefined) seg.sceneIndexId = first.sceneIndexId;
    if (first?.sceneIndexName !== undefined) seg.sceneIndexName = first.sceneIndexName;
    return seg;
  });
}

/** The segments for a prompt that asks only for a kind of passage. Units must be in time order. */
export function intentSegments(
  intent: ClipIntent,
  units: readonly MatchUnit[],
  opts: MatchOptions,
  library?: LibraryTerms,
): MatchedSegment[] {
  if (units.length === 0) return [];
  if (intent === 'opening') return passage(units, openingRange(units), OPENING_CUE);
  if (intent === 'closing') return passage(units, closingRange(units), CLOSING_CUE);
  return highlights(units, opts, library);
}
