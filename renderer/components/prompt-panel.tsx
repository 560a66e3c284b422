/**
 * Writing a prompt for the open video: content type with a hint each, model tier, scene index,
 * callback URL under "Advanced". Validates with the same schema main uses, warns before asking a
 * video that is not searchable for the chosen type, and says plainly what happened on submit.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  ClipRequest,
  CONTENT_TYPES,
  MODEL_TIERS,
  PROMPT_MAX_LENGTH,
  type ClipRequestInput,
  type ContentType,
  type ModelTier,
  type SceneIndex,
  type Video,
} from '../../app/shared/domain';
import { isSubmitKey, shortcutLabel, SHORTCUTS } from '../lib/shortcuts';
import { useNow } from '../lib/use-now';
import { searchableNow, type Searchable } from '../store/library-slice';
import { useApp } from '../store/store-context';
import { StatusBadge } from './status-badge';
import { Field } from './field';

const TYPE_LABELS: Record<ContentType, { label: string; hint: string }> = {
  spoken: { label: 'Spoken', hint: 'Finds moments by what is said.' },
  visual: { label: 'Visual', hint: 'Finds moments by what is on screen.' },
  multimodal: { label: 'Both', hint: 'Uses what is said and what is on screen together.' },
};
const TIER_LABELS: Record<ModelTier, string> = {
  mini: 'Mini',
  basic: 'Basic',
  pro: 'Pro',
  ultra: 'Ultra',
};

type FieldErrors = {
  [K in 'prompt' | 'sceneIndexId' | 'callbackUrl' | 'form']?: string | undefined;
};
type Notice = { kind: 'new' | 'existing' | 'queued'; jobId: string };
/** What the notice says, from the job as it is now. */
type NoticeKind = Notice['kind'] | 'uncertain' | 'failed';
type Missing = { speech: boolean; scenes: boolean };

/** What the chosen type needs that the video lacks (unknown counts as fine). */
function missingFor(searchable: Searchable, type: ContentType): Missing {
  const speech = type !== 'visual' && searchable.speech === false;
  const scenes = type !== 'spoken' && searchable.scenes === false;
  return { speech, scenes };
}

/** `1950` → `1 950` (a narrow no-break space between thousands). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** Props of {@link PromptPanel}. */
export interface PromptPanelProps {
  video: Video;
  sceneIndexes: SceneIndex[];
}

/** The prompt panel. */
export function PromptPanel({ video, sceneIndexes }: PromptPanelProps) {
  const submit = useApp((s) => s.submit);
  const online = useApp((s) => s.connectivity?.online ?? true);
  const paused = useApp((s) => s.connectivity?.paused ?? false);
  const makeSearchable = useApp((s) => s.makeSearchable);
  const indexing = useApp((s) => s.indexing[video.id]);
  const focusRequest = useApp((s) => s.focusRequest);
  const setView = useApp((s) => s.setView);
  const selectJob = useApp((s) => s.selectJob);
  const openCompareSetup = useApp((s) => s.openCompareSetup);

  const [prompt, setPrompt] = useState('');
  const [contentType, setContentType] = useState<ContentType>('spoken');
  const [modelName, setModelName] = useState<ModelTier>('basic');
  const [sceneIndexId, setSceneIndexId] = useState('');
  const [callbackUrl, setCallbackUrl] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  // Whether the "not searchable" warning was raised; what it says is derived from the video as it
  // is now, so it goes away when "Make searchable" finishes.
  const [warned, setWarned] = useState(false);
  // Advanced stays open once the user opened it (or an error opened it) while they fix the field.
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const ids = { prompt: useId(), scene: useId(), callback: useId(), type: useId() };
  const missing = missingFor(searchableNow(video, indexing), contentType);
  const warning: Missing | null = warned && (missing.speech || missing.scenes) ? missing : null;
  const nowSearchable = warned && warning === null;
  const tooLong = prompt.length > PROMPT_MAX_LENGTH;

  const noticeJob = useApp((s) => (notice === null ? undefined : s.jobsById[notice.jobId]));
  const now = useNow(noticeJob?.status === 'processing' || noticeJob?.status === 'sending');
  // What the notice says follows the job as it is now, not as it was when it was submitted: a
  // request queued while paused or offline reads "Clip requested." once it has gone out.
  // An uncertain or failed job says so in its own words and colour, never "Clip requested."
  const noticeKind: NoticeKind | null =
    notice === null
      ? null
      : noticeJob?.status === 'uncertain'
        ? 'uncertain'
        : noticeJob?.status === 'failed'
          ? 'failed'
          : notice.kind === 'existing'
            ? 'existing'
            : (noticeJob?.status ?? 'queued') === 'queued' && (!online || paused)
              ? 'queued'
              : 'new';

  const ready = sceneIndexes.filter((s) => s.status === 'done');
  const needsScene = contentType !== 'spoken';
  const sceneRequired = needsScene && ready.length > 1;

  // A new video starts a new prompt; the one scene index is picked for the user.
  useEffect(() => {
    setNotice(null);
    setWarned(false);
    setErrors({});
  }, [video.id]);
  useEffect(() => {
    if (errors.callbackUrl !== undefined) setAdvancedOpen(true);
  }, [errors.callbackUrl]);
  useEffect(() => {
    const only = ready.length === 1 ? ready[0]?.id : undefined;
    setSceneIndexId((cur) => (cur !== '' && ready.some((r) => r.id === cur) ? cur : (only ?? '')));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [video.id, ready.map((r) => r.id).join()]);
  useEffect(() => {
    if (focusRequest?.target === 'prompt') textRef.current?.focus();
  }, [focusRequest]);
  // What happened on submit is below the fold in a short window: bring it into view.
  useEffect(() => {
    if (notice !== null || warned) outcomeRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [notice, warned]);

  const buildInput = (): ClipRequestInput => ({
    videoId: video.id,
    collectionId: video.collectionId,
    prompt,
    contentType,
    modelName,
    ...(sceneIndexId !== '' ? { sceneIndexId } : {}),
    ...(callbackUrl.trim() !== '' ? { callbackUrl: callbackUrl.trim() } : {}),
  });

  const validate = (input: ClipRequestInput): FieldErrors => {
    const found: FieldErrors = {};
    const parsed = ClipRequest.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        const key =
          field === 'prompt' || field === 'sceneIndexId' || field === 'callbackUrl'
            ? field
            : 'form';
        found[key] ??= issue.message;
      }
    }
    if (sceneRequired && sceneIndexId === '') {
      found.sceneIndexId = 'This video has several scene indexes: choose the one to search.';
    }
    return found;
  };

  const send = async (input: ClipRequestInput) => {
    setBusy(true);
    setWarned(false);
    const r = await submit(input);
    setBusy(false);
    if (!r.ok) {
      const message = r.error.message;
      if (r.error.code === 'validation' && /prompt/i.test(message)) setErrors({ prompt: message });
      else if (r.error.code === 'validation' && /callback/i.test(message))
        setErrors({ callbackUrl: message });
      else if (r.error.code === 'validation' && /scene/i.test(message))
        setErrors({ sceneIndexId: message });
      else setErrors({ form: message });
      return;
    }
    const { job, existing } = r.value;
    // Online, a queued job is only waiting its turn in the outbox: that is "requested" to the user.
    const held = job.status === 'queued' && (!online || paused);
    setNotice({ kind: existing ? 'existing' : held ? 'queued' : 'new', jobId: job.id });
  };

  const onSubmit = (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const input = buildInput();
    const found = validate(input);
    setErrors(found);
    setNotice(null);
    if (Object.values(found).some((m) => m !== undefined)) {
      if (found.prompt !== undefined) textRef.current?.focus();
      return;
    }
    if (missing.speech || missing.scenes) {
      setWarned(true);
      return;
    }
    void send(input);
  };

  const openJob = (id: string) => {
    setView('history');
    selectJob(id, 'single');
  };

  const submitShortcut = SHORTCUTS.find((s) => s.action === 'submit');
  const running = (kind: 'spoken' | 'scenes') =>
    indexing?.find((t) => t.kind === kind && t.status === 'running');

  return (
    <form className="prompt-panel" onSubmit={onSubmit} aria-labelledby="prompt-title" noValidate>
      <h3 id="prompt-title" className="section-title">
        Make a clip
      </h3>
      <Field
        id={ids.prompt}
        label="What are you looking for?"
        error={errors.prompt}
        hint={
          submitShortcut !== undefined ? `${shortcutLabel(submitShortcut)} to make the clip.` : null
        }
        extra={(id) => (
          <span id={id} className={`field__count${tooLong ? ' field__error' : ''}`}>
            {count(prompt.length)} / {count(PROMPT_MAX_LENGTH)}
            {tooLong && ` — ${count(prompt.length - PROMPT_MAX_LENGTH)} too many`}
          </span>
        )}
      >
        {(control) => (
          <textarea
            {...control}
            ref={textRef}
            className="input textarea"
            rows={3}
            placeholder="e.g. the part where they explain the pricing"
            value={prompt}
            onChange={(e) => {
              setPrompt(e.target.value);
              if (errors.prompt !== undefined) setErrors((x) => ({ ...x, prompt: undefined }));
            }}
            onKeyDown={(e) => {
              if (isSubmitKey(e)) {
                e.preventDefault();
                onSubmit();
              }
            }}
            aria-invalid={control['aria-invalid'] || tooLong}
          />
        )}
      </Field>

      <fieldset className="field">
        <legend className="field__label" id={ids.type}>
          Search by
        </legend>
        <div className="segmented" role="radiogroup" aria-labelledby={ids.type}>
          {CONTENT_TYPES.map((t) => (
            <label key={t} className={`segmented__item${contentType === t ? ' is-on' : ''}`}>
              <input
                type="radio"
                name={`type-${video.id}`}
                value={t}
                checked={contentType === t}
                onChange={() => {
                  setContentType(t);
                  setWarned(false);
                }}
              />
              {TYPE_LABELS[t].label}
            </label>
          ))}
        </div>
        <span className="field__hint">{TYPE_LABELS[contentType].hint}</span>
      </fieldset>

      <div className="field-row">
        <Field label="Model">
          {(control) => (
            <select
              {...control}
              className="input select"
              value={modelName}
              onChange={(e) => setModelName(e.target.value as ModelTier)}
            >
              {MODEL_TIERS.map((m) => (
                <option key={m} value={m}>
                  {TIER_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={ids.scene}
          label="Scene index"
          error={errors.sceneIndexId}
          hint={
            ready.length === 0
              ? 'Made when the video becomes searchable by scenes.'
              : needsScene
                ? 'Which scene descriptions to search.'
                : 'Used by visual searches.'
          }
        >
          {(control) => (
            <select
              {...control}
              className="input select"
              value={sceneIndexId}
              disabled={ready.length === 0}
              onChange={(e) => {
                setSceneIndexId(e.target.value);
                setErrors((x) => ({ ...x, sceneIndexId: undefined }));
              }}
            >
              {ready.length === 0 && <option value="">None yet</option>}
              {ready.length > 0 && (
                <option value="">{sceneRequired ? 'Choose one…' : 'Automatic'}</option>
              )}
              {ready.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <details
        className="advanced"
        open={advancedOpen || errors.callbackUrl !== undefined}
        onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
      >
        <summary>Advanced</summary>
        <Field
          id={ids.callback}
          label="Callback URL (optional)"
          error={errors.callbackUrl}
          hint="VideoDB also tells this address when the clip is ready. The app follows the clip either way."
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="url"
              placeholder="https://example.com/hooks/clip"
              value={callbackUrl}
              onChange={(e) => {
                setCallbackUrl(e.target.value);
                setErrors((x) => ({ ...x, callbackUrl: undefined }));
              }}
            />
          )}
        </Field>
      </details>

      {warning !== null && (
        <div className="callout callout--warning" role="alert">
          <p>
            <strong>{video.name}</strong> is not searchable
            {warning.speech && warning.scenes
              ? ' by speech or by scenes'
              : warning.speech
                ? ' by speech'
                : ' by scenes'}{' '}
            yet, so this clip would fail. Making it searchable takes a few minutes.
          </p>
          <div className="button-row">
            {warning.speech && (
              <button
                type="button"
                className="button button--primary"
                disabled={running('spoken') !== undefined}
                onClick={() => void makeSearchable('spoken', video.id)}
              >
                {running('spoken') !== undefined
                  ? 'Making searchable by speech…'
                  : 'Make searchable by speech'}
              </button>
            )}
            {warning.scenes && (
              <button
                type="button"
                className="button button--primary"
                disabled={running('scenes') !== undefined}
                onClick={() => void makeSearchable('scenes', video.id)}
              >
                {running('scenes') !== undefined
                  ? 'Making searchable by scenes…'
                  : 'Make searchable by scenes'}
              </button>
            )}
            <button type="button" className="button" onClick={() => void send(buildInput())}>
              Send anyway
            </button>
            <button type="button" className="button button--quiet" onClick={() => setWarned(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {nowSearchable && (
        <p className="callout callout--success" role="status">
          <strong>{video.name}</strong> is searchable now. Make the clip when you are ready.
        </p>
      )}

      {errors.form !== undefined && (
        <p className="message message--error" role="alert">
          {errors.form}
        </p>
      )}

      {notice !== null && (
        <div
          className={`callout callout--${
            noticeKind === 'queued'
              ? 'info'
              : noticeKind === 'uncertain'
                ? 'warning'
                : noticeKind === 'failed'
                  ? 'error'
                  : 'success'
          }`}
          role="status"
        >
          <p>
            {noticeKind === 'uncertain'
              ? 'Not sure this was sent: no answer came back. Open it in the history to check before sending it again.'
              : noticeKind === 'failed'
                ? `This clip could not be made.${
                    noticeJob?.error?.message !== undefined ? ` ${noticeJob.error.message}` : ''
                  }`
                : noticeKind === 'existing'
                  ? 'You already asked for this clip. Here it is:'
                  : noticeKind === 'queued'
                    ? !online
                      ? 'Queued — will be sent when you’re back online.'
                      : 'Queued — sending is paused. Resume it in the status bar.'
                    : 'Clip requested.'}
          </p>
          {noticeJob !== undefined && (
            <div className="callout__row">
              <StatusBadge job={noticeJob} now={now} />
              <button
                type="button"
                className="button button--small"
                onClick={() => openJob(noticeJob.id)}
              >
                Open in history
              </button>
            </div>
          )}
        </div>
      )}

      <div className="prompt-panel__actions" ref={outcomeRef}>
        <button
          type="button"
          className="button"
          title="Ask this prompt across content types and model tiers, side by side"
          onClick={() => openCompareSetup({ videoId: video.id, prompt, sceneIndexId })}
        >
          Compare…
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Sending…' : online && !paused ? 'Make clip' : 'Queue clip'}
        </button>
      </div>
    </form>
  );
}
