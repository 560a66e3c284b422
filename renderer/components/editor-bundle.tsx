/**
 * VideoDB's own editor bundle of a clip (its `editor/export` job): the job's step while it runs,
 * then a link to the bundle and the fidelity report (what the bundle kept, approximated or
 * dropped of the clip), or why it failed, with "Try again".
 */
import { useEffect } from 'react';
import type { EditorExport } from '../../app/shared/domain';
import { useApp } from '../store/store-context';

const STEP_TEXT: Record<EditorExport['status'], string> = {
  sending: 'Asking VideoDB…',
  queued: 'Waiting in VideoDB’s queue…',
  rendering: 'VideoDB is rendering…',
  converting: 'VideoDB is converting…',
  packaging: 'VideoDB is packaging the bundle…',
  done: 'Ready',
  failed: 'Failed',
};

const FIDELITY_TEXT: Record<EditorExport['fidelity'][number]['status'], string> = {
  kept: 'Kept',
  approximated: 'Approximated',
  dropped: 'Not carried',
};

/** The "Editor bundle" section of a clip's detail; nothing until one is asked for. */
export function EditorBundle({ jobId }: { jobId: string }) {
  const bundle = useApp((s) => s.editorExportsByJob[jobId]);
  const load = useApp((s) => s.loadEditorExport);
  const start = useApp((s) => s.startEditorExport);
  const openExternal = useApp((s) => s.openExternal);
  useEffect(() => {
    void load(jobId);
  }, [jobId, load]);
  if (bundle === undefined) return null;
  const running = bundle.status !== 'done' && bundle.status !== 'failed';
  return (
    <section className="detail__section" aria-labelledby="bundle-title">
      <h3 id="bundle-title" className="section-title">
        Editor bundle from VideoDB
      </h3>
      <div className="download" aria-label="Editor bundle">
        <div className="download__head">
          <span className="download__name">{STEP_TEXT[bundle.status]}</span>
        </div>
        {running && <progress aria-label="Editor bundle from VideoDB" />}
        {bundle.status === 'failed' && bundle.error !== null && (
          <p className="callout callout--error" role="alert">
            {bundle.error.message}
          </p>
        )}
        {bundle.status === 'done' && (
          <>
            <table className="fidelity" aria-label="What the bundle carries">
              <thead>
                <tr>
                  <th scope="col">Of the clip</th>
                  <th scope="col">In the bundle</th>
                </tr>
              </thead>
              <tbody>
                {bundle.fidelity.map((f) => (
                  <tr key={f.feature} className={`fidelity__row fidelity__row--${f.status}`}>
                    <th scope="row">{f.feature}</th>
                    <td>
                      {FIDELITY_TEXT[f.status]}
                      {f.note !== null ? ` — ${f.note}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="button-row">
              <button
                type="button"
                className="button button--small button--primary"
                onClick={() => void openExternal(bundle.bundleUrl!)}
              >
                Download the bundle
              </button>
            </div>
            <p className="muted">The link works for about a day; ask again for a new one.</p>
          </>
        )}
        {bundle.status === 'failed' && (
          <div className="button-row">
            <button
              type="button"
              className="button button--small"
              onClick={() => void start(jobId)}
            >
              Try again
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
