/**
 * Compare, in the open video's pane (issue 12 §3): one prompt asked several ways at once. The
 * setup picks content types × model tiers in a grid of checkboxes; the comparison shows each run
 * (status, time to answer, segment count, mean overlap with the others, a failed run's reason),
 * the overlap of every pair, and a timeline strip per run on one scale, so where the runs agree
 * shows at a glance. Each run is an ordinary clip in the history and opens there.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  CONTENT_TYPES,
  MODEL_TIERS,
  PROMPT_MAX_LENGTH,
  type CompareRun,
  type Comparison,
  type ContentType,
  type ModelTier,
  type SceneIndex,
  type Video,
} from '../../app/shared/domain';
import { formatDuration, formatWhen } from '../lib/format';
import { searchableNow } from '../store/library-slice';
import { useApp } from '../store/store-context';
import { Field } from './field';
import { GroupList } from './group-list';

const TYPE_LABEL: Record<ContentType, string> = {
  spoken: 'Spoken',
  visual: 'Visual',
  multimodal: 'Both',
};
const TYPE_HINT: Record<ContentType, string> = {
  spoken: 'what is said',
  visual: 'what is shown',
  multimodal: 'what is said and shown',
};
const TIER_LABEL: Record<ModelTier, string> = {
  mini: 'Mini',
  basic: 'Basic',
  pro: 'Pro',
  ultra: 'Ultra',
};
const STATUS_TEXT: Record<CompareRun['status'], string> = {
  'not-sent': 'Not asked yet',
  queued: 'Queued',
  sending: 'Sending',
  processing: 'Running',
  done: 'Answered',
  failed: 'Failed',
  uncertain: 'Not sure it was sent',
  deleted: 'Deleted from the history',
};

/** What the grid starts with: speech and both, basic and pro. */
const DEFAULT_PICKS = ['spoken/basic', 'spoken/pro', 'multimodal/basic', 'multimodal/pro'];

/** "Spoken · Basic". */
export function runLabel(r: Pick<CompareRun, 'contentType' | 'modelName'>): string {
  return `${TYPE_LABEL[r.contentType]} · ${TIER_LABEL[r.modelName]}`;
}

/** `0.42` → `42 %`; null → `—`. */
function percent(v: number | null): string {
  return v === null ? '—' : `${Math.round(v * 100)} %`;
}

/** `1.234` → `1.2 s`, `75` → `1 min 15 s`; null → `—`. */
function seconds(v: number | null): string {
  if (v === null) return '—';
  if (v < 10) return `${v.toFixed(1)} s`;
  if (v < 60) return `${Math.round(v)} s`;
  const m = Math.floor(v / 60);
  return `${m} min ${Math.round(v - m * 60)} s`;
}

/** "4 of 5 runs answered, 1 failed". */
export function describeRuns(c: Pick<Comparison, 'counts'>): string {
  const k = c.counts;
  const parts = [`${k.answered} of ${k.total} runs answered`];
  if (k.failed > 0) parts.push(`${k.failed} failed`);
  if (k.uncertain > 0) parts.push(`${k.uncertain} not sure they were sent`);
  if (k.running > 0) parts.push(`${k.running} still running`);
  return parts.join(', ');
}

/** The setup: the prompt, which runs, and the scene index for the runs that look at scenes. */
export function CompareSetupPanel({
  video,
  sceneIndexes,
}: {
  video: Video;
  sceneIndexes: SceneIndex[];
}) {
  const setup = useApp((s) => s.compareSetup);
  const close = useApp((s) => s.closeCompareSetup);
  const submit = useApp((s) => s.submitComparison);
  const indexing = useApp((s) => s.indexing[video.id]);
  const online = useApp((s) => s.connectivity?.online ?? true);
  const [prompt, setPrompt] = useState(setup?.prompt ?? '');
  const [picks, setPicks] = useState<string[]>(DEFAULT_PICKS);
  const ready = sceneIndexes.filter((s) => s.status === 'done');
  const [sceneIndexId, setSceneIndexId] = useState(
    setup?.sceneIndexId !== undefined && ready.some((r) => r.id === setup.sceneIndexId)
      ? setup.sceneIndexId
      : (ready[0]?.id ?? ''),
  );
  const [errors, setErrors] = useState<{
    prompt?: string | undefined;
    runs?: string | undefined;
    form?: string | undefined;
  }>({});
  const [busy, setBusy] = useState(false);
  const ids = { grid: useId() };
  const searchable = searchableNow(video, indexing);

  const runs = CONTENT_TYPES.flatMap((contentType) =>
    MODEL_TIERS.filter((m) => picks.includes(`${contentType}/${m}`)).map((modelName) => ({
      contentType,
      modelName,
    })),
  );
  const scenesAsked = runs.some((r) => r.contentType !== 'spoken');
  const toggle = (key: string) => {
    setPicks((p) => (p.includes(key) ? p.filter((x) => x !== key) : [...p, key]));
    setErrors((e) => ({ ...e, runs: undefined }));
  };

  const onSubmit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const found: typeof errors = {};
    if (prompt.trim() === '') found.prompt = 'Write what you are looking for.';
    else if (prompt.length > PROMPT_MAX_LENGTH)
      found.prompt = `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.`;
    if (runs.length < 2) found.runs = 'Choose at least 2 runs to compare.';
    if (runs.length > 12) found.runs = 'Choose at most 12 runs.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const r = await submit({
      videoId: video.id,
      collectionId: video.collectionId,
      prompt,
      runs,
      ...(scenesAsked && sceneIndexId !== '' ? { sceneIndexId } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      if (r.error.field === 'prompt') setErrors({ prompt: r.error.message });
      else if (r.error.field?.startsWith('runs') === true) setErrors({ runs: r.error.message });
      else setErrors({ form: r.error.message });
    }
  };

  return (
    <div className="detail compare">
      <h2 className="detail__title">Compare: {video.name}</h2>
      <p className="muted">
        Ask one prompt several ways at once. Each run is its own clip in the history; the comparison
        shows how long each took, what it found and where they agree.
      </p>
      <form className="compare-setup" aria-label="Compare runs" onSubmit={onSubmit} noValidate>
        <Field label="What are you looking for?" error={errors.prompt}>
          {(control) => (
            <textarea
              {...control}
              className="input textarea"
              rows={3}
              value={prompt}
              placeholder="e.g. the part where they explain the pricing"
              onChange={(e) => {
                setPrompt(e.target.value);
                setErrors((x) => ({ ...x, prompt: undefined }));
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void onSubmit();
              }}
            />
          )}
        </Field>
        <fieldset className="field compare-grid" aria-describedby={`${ids.grid}-msg`}>
          <legend className="field__label">Runs: search by × model</legend>
          <table className="compare-grid__table">
            <thead>
              <tr>
                <td />
                {MODEL_TIERS.map((m) => (
                  <th key={m} scope="col">
                    {TIER_LABEL[m]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CONTENT_TYPES.map((t) => (
                <tr key={t}>
                  <th scope="row" title={`Finds moments by ${TYPE_HINT[t]}`}>
                    {TYPE_LABEL[t]}
                    <span className="compare-grid__hint">{TYPE_HINT[t]}</span>
                  </th>
                  {MODEL_TIERS.map((m) => {
                    const key = `${t}/${m}`;
                    return (
                      <td key={m}>
                        <input
                          type="checkbox"
                          className="compare-grid__check"
                          aria-label={`${TYPE_LABEL[t]} with ${TIER_LABEL[m]}`}
                          checked={picks.includes(key)}
                          onChange={() => toggle(key)}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <span
            id={`${ids.grid}-msg`}
            className={errors.runs !== undefined ? 'field__error' : 'field__hint'}
            role={errors.runs !== undefined ? 'alert' : undefined}
          >
            {errors.runs ??
              `${runs.length} ${runs.length === 1 ? 'run' : 'runs'} chosen (2 to 12).`}
          </span>
        </fieldset>
        {scenesAsked && ready.length > 1 && (
          <Field label="Scene index" hint="Which scene descriptions the visual runs search.">
            {(control) => (
              <select
                {...control}
                className="input select"
                value={sceneIndexId}
                onChange={(e) => setSceneIndexId(e.target.value)}
              >
                {ready.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {scenesAsked && searchable.scenes === false && (
          <p className="callout callout--warning">
            This video is not searchable by scenes yet: the visual and “both” runs will fail and say
            so; the others still compare.
          </p>
        )}
        {errors.form !== undefined && (
          <p className="message message--error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-disabled={busy}>
            {busy
              ? 'Asking…'
              : `${online ? 'Compare' : 'Queue'} ${runs.length} ${runs.length === 1 ? 'run' : 'runs'}`}
          </button>
          <button type="button" className="button button--quiet" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** The comparison being shown: runs, pairwise overlap, timeline strips. */
export function ComparisonView() {
  const c = useApp((s) => s.openComparison);
  const show = useApp((s) => s.showComparison);
  const retry = useApp((s) => s.retryComparison);
  const setView = useApp((s) => s.setView);
  const selectJob = useApp((s) => s.selectJob);
  if (c === null) return null;
  const openJob = (id: string) => {
    setView('history');
    selectJob(id, 'single');
  };
  const done = c.counts.running === 0;
  return (
    <div className="detail compare">
      <h2 className="detail__title">“{c.prompt}”</h2>
      <p className="detail__meta">
        <span>{c.videoName}</span>
        <span>Compared {formatWhen(c.createdAt)}</span>
      </p>
      <p className="compare__progress" role="status" aria-label="Progress of the runs">
        {describeRuns(c)}
      </p>
      {!done && (
        <progress
          aria-label="Runs answered"
          max={c.counts.total}
          value={c.counts.answered + c.counts.failed + c.counts.uncertain}
        />
      )}
      <section className="detail__section" aria-labelledby="cmp-runs">
        <h3 id="cmp-runs" className="section-title">
          Runs
        </h3>
        <div className="compare__scroll" tabIndex={0} role="group" aria-labelledby="cmp-runs">
          <table className="compare-table" aria-labelledby="cmp-runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Time
                </th>
                <th scope="col" className="num">
                  Segments
                </th>
                <th scope="col" className="num" title="Mean overlap with the other runs">
                  Overlap
                </th>
              </tr>
            </thead>
            <tbody>
              {c.runs.map((r, i) => (
                <RunRow key={i} run={r} onOpen={openJob} />
              ))}
            </tbody>
          </table>
        </div>
        {c.counts.failed > 0 && (
          <div className="button-row">
            <button type="button" className="button button--small" onClick={() => void retry(c.id)}>
              Retry the {c.counts.failed === 1 ? 'failed run' : `${c.counts.failed} failed runs`}
            </button>
          </div>
        )}
      </section>
      <TimelineStrips c={c} />
      <OverlapGrid c={c} />
      <div className="button-row">
        <button type="button" className="button button--quiet" onClick={() => void show(null)}>
          Back to the video
        </button>
      </div>
    </div>
  );
}

function RunRow({ run, onOpen }: { run: CompareRun; onOpen: (id: string) => void }) {
  const label = runLabel(run);
  const problem = run.error !== null && (run.status === 'failed' || run.status === 'uncertain');
  return (
    <>
      <tr className={`compare-table__row compare-table__row--${run.status}`}>
        <th scope="row">
          <span className={`compare__swatch compare__swatch--${run.contentType}`} aria-hidden />
          {run.jobId !== null ? (
            <button
              type="button"
              className="link-button compare__run"
              onClick={() => onOpen(run.jobId!)}
              title="Open this run in the history"
            >
              {label}
            </button>
          ) : (
            <span className="compare__run">{label}</span>
          )}
        </th>
        <td className="compare-table__status">{STATUS_TEXT[run.status]}</td>
        <td className="num">{seconds(run.secondsToAnswer)}</td>
        <td className="num">{run.status === 'done' ? run.segmentCount : '—'}</td>
        <td className="num">{percent(run.meanOverlap)}</td>
      </tr>
      {problem && (
        <tr className="compare-table__problem">
          <td colSpan={5}>
            <span className="visually-hidden">{label}: </span>
            {run.error!.message}
          </td>
        </tr>
      )}
    </>
  );
}

/** One strip per run, segments as bars over the video's length, all on the same scale. */
function TimelineStrips({ c }: { c: Comparison }) {
  const ends = c.runs.flatMap((r) => r.ranges.map((x) => x.end));
  const length = Math.max(c.videoLength ?? 0, ...ends, 1);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * length);
  return (
    <section className="detail__section" aria-labelledby="cmp-strips">
      <h3 id="cmp-strips" className="section-title">
        Where they found it
      </h3>
      <div className="strips" role="list" aria-label="Timeline of each run">
        {c.runs.map((r, i) => {
          const label = runLabel(r);
          const said =
            r.status !== 'done'
              ? STATUS_TEXT[r.status].toLowerCase()
              : r.ranges.length === 0
                ? 'no segments'
                : r.ranges
                    .map((x) => `${formatDuration(x.start)} to ${formatDuration(x.end)}`)
                    .join(', ');
          return (
            <div key={i} className="strips__row" role="listitem">
              <span className="strips__label" aria-hidden>
                {label}
              </span>
              <div
                className={`strips__track${r.status === 'done' ? '' : ' strips__track--empty'}`}
                role="img"
                aria-label={`${label}: ${said}`}
              >
                {r.ranges.map((x, k) => (
                  <span
                    key={k}
                    className={`strips__bar strips__bar--${r.contentType}`}
                    style={{
                      left: `${(x.start / length) * 100}%`,
                      width: `max(2px, ${((x.end - x.start) / length) * 100}%)`,
                    }}
                    title={`${formatDuration(x.start)}–${formatDuration(x.end)}`}
                  />
                ))}
                {(r.status !== 'done' || r.ranges.length === 0) && (
                  <span className="strips__note" aria-hidden>
                    {r.status === 'done' ? 'Nothing found' : STATUS_TEXT[r.status]}
                  </span>
                )}
              </div>
            </div>
          );
        })}
        <div className="strips__row strips__axis" aria-hidden>
          <span />
          <div className="strips__ticks">
            {ticks.map((t, k) => (
              <span key={k} style={{ left: `${(t / length) * 100}%` }}>
                {formatDuration(t)}
              </span>
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Every pair's overlap (intersection over union of their time ranges). */
function OverlapGrid({ c }: { c: Comparison }) {
  const short = (r: CompareRun) =>
    `${TYPE_LABEL[r.contentType].charAt(0)}·${TIER_LABEL[r.modelName]}`;
  return (
    <section className="detail__section" aria-labelledby="cmp-overlap">
      <h3 id="cmp-overlap" className="section-title">
        Overlap of each pair
      </h3>
      <div className="compare__scroll" tabIndex={0} role="group" aria-labelledby="cmp-overlap">
        <table className="overlap-grid" aria-labelledby="cmp-overlap">
          <thead>
            <tr>
              <td />
              {c.runs.map((r, j) => (
                <th key={j} scope="col" title={runLabel(r)}>
                  <span aria-hidden>{short(r)}</span>
                  <span className="visually-hidden">{runLabel(r)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.runs.map((r, i) => (
              <tr key={i}>
                <th scope="row" title={runLabel(r)}>
                  <span aria-hidden>{short(r)}</span>
                  <span className="visually-hidden">{runLabel(r)}</span>
                </th>
                {c.runs.map((other, j) => {
                  const v = c.overlap[i]?.[j] ?? null;
                  return (
                    <td
                      key={j}
                      className={`overlap-grid__cell${i === j ? ' is-self' : v !== null && v >= 0.55 ? ' is-high' : ''}`}
                      style={
                        v === null || i === j
                          ? undefined
                          : // At most half the accent under the text, so the figure reads in both themes.
                            { ['--overlap' as string]: `${Math.round(v * 50)}%` }
                      }
                      title={`${runLabel(r)} and ${runLabel(other)}: ${percent(v)}`}
                    >
                      {i === j ? '' : v === null ? '—' : Math.round(v * 100)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted compare__legend">
        S spoken, V visual, B both. Each figure is the share of the time either run found that both
        found (percent): higher means they agree.
      </p>
    </section>
  );
}

/** The video's comparisons, newest first, to open again. */
export function VideoComparisons({ videoId }: { videoId: string }) {
  const list = useApp((s) => s.comparisonsByVideo[videoId]);
  const load = useApp((s) => s.loadComparisons);
  const open = useApp((s) => s.showComparison);
  useEffect(() => {
    void load(videoId);
  }, [videoId, load]);
  return (
    <GroupList
      title="Comparisons"
      items={list?.map((c) => ({ id: c.id, prompt: c.prompt, state: describeRuns(c) }))}
      limit={10}
      onOpen={(id) => void open(id)}
    />
  );
}
