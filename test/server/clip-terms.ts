/**
 * Words for the fake clip matcher: tokenising, a compact suffix stemmer, a small synonym table
 * and term statistics over the library. Hand-written on purpose (no stemmer package is installed
 * and this is test-server code): enough for plurals, verb forms and the common noun endings people
 * use in prompts, so "customers" meets "customer" and "introductions" meets "introduce".
 */

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
// Groups are small on purpose: each word should be something a person would accept as "the same
// thing" when the clip comes back.
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['price', 'cost', 'charge', 'fee', 'expensive', 'cheap', 'pay'],
  ['chop', 'dice', 'cut', 'slice', 'mince'],
  ['discount', 'deal'],
  ['hire', 'recruit'],
  ['error', 'failure', 'problem', 'bug', 'broke', 'mistake', 'issue'],
  ['fast', 'quick', 'speed'],
  ['signup', 'register', 'onboarding'],
  ['demo', 'walkthrough', 'tour'],
  ['audience', 'crowd'],
  ['applause', 'applaud', 'clap', 'ovation'],
  ['sharpen', 'honing', 'whetstone'],
  ['customer', 'client'],
  ['salary', 'compensation', 'wage'],
  ['meeting', 'call'],
  ['doc', 'document', 'documentation', 'guide'],
  ['homework', 'assignment'],
  ['chart', 'graph'],
  ['burnout', 'stress', 'exhausted'],
  ['herb', 'parsley'],
];
const SYNONYM_CREDIT = 0.6;

/** Share of a term's weight that a synonym hit earns. */
export const SYNONYM_SHARE = SYNONYM_CREDIT;

let synonymMap: Map<string, Set<string>> | undefined;

/** Stemmed synonyms of a stemmed term (empty when it has none). */
export function synonymsOf(term: string): ReadonlySet<string> {
  if (!synonymMap) {
    synonymMap = new Map();
    for (const group of SYNONYM_GROUPS) {
      const stems = group.map(stem);
      for (const s of stems) {
        const set = synonymMap.get(s) ?? new Set<string>();
        for (const x of stems) if (x !== s) set.add(x);
        synonymMap.set(s, set);
      }
    }
  }
  return synonymMap.get(term) ?? new Set();
}

/**
 * Suffix stripping so that price/prices/pricing/priced meet at "pric", introduction/introduce at
 * "introduc", organisation/organize at "organiz" and security/secure at "secur". Order matters:
 * inflections first (plural, -ed, -ing), then a few derivational endings, then tidying.
 */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '').replace(/isation/, 'ization');
  // Inflections.
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(ss|x|ch|sh|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // Derivations: -ly, -ity, -ization, -uction, -entation, -ation, -ion.
  if (w.length > 5 && w.endsWith('ly') && !w.endsWith('ply')) w = w.slice(0, -2);
  else if (w.length > 6 && w.endsWith('ity')) w = w.slice(0, -3);
  if (w.length > 7 && w.endsWith('ization')) w = w.slice(0, -5);
  else if (w.length > 7 && w.endsWith('uction')) w = w.slice(0, -4);
  // documentation/document, presentation/present, implementation/implement.
  else if (w.length > 8 && w.endsWith('entation')) w = w.slice(0, -5);
  else if (w.length > 6 && w.endsWith('ation')) w = w.slice(0, -3);
  // election/elect, partitions/partition/partit, connection/connecting/connect.
  else if (w.length > 6 && w.endsWith('ion')) w = w.slice(0, -3);
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

/**
 * How many of the library's videos use each term: what makes a term salient for one video is
 * that it comes up there again and again while the rest of the library rarely says it.
 */
export interface LibraryTerms {
  /** Number of videos counted. */
  videos: number;
  /** Stemmed term → number of videos whose text contains it. */
  videoFrequency: ReadonlyMap<string, number>;
}

/** Counts, over videos given as their searchable texts, how many videos contain each term. */
export function libraryTerms(videos: Iterable<readonly string[]>): LibraryTerms {
  const videoFrequency = new Map<string, number>();
  let count = 0;
  for (const texts of videos) {
    count += 1;
    const seen = new Set(texts.flatMap(tokenize));
    for (const t of seen) videoFrequency.set(t, (videoFrequency.get(t) ?? 0) + 1);
  }
  return { videos: count, videoFrequency };
}
