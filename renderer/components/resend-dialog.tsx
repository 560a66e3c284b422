/** The clear question before sending an uncertain request again. */
import { useApp } from '../store/store-context';
import { Dialog } from './dialog';

/** Confirm resending job `jobId`. */
export function ResendDialog({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const job = useApp((s) => s.jobsById[jobId]);
  const resend = useApp((s) => s.resend);
  return (
    <Dialog
      title="Send this request again?"
      role="alertdialog"
      size="small"
      onClose={onClose}
      footer={
        <>
          {/* The safe choice is the primary one and has the focus; sending again is deliberate. */}
          <button type="button" className="button button--primary" onClick={onClose} data-autofocus>
            Keep waiting
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              onClose();
              void resend(jobId);
            }}
          >
            Send again
          </button>
        </>
      }
    >
      <p>
        The connection dropped after “{job?.request.prompt ?? 'this request'}” was sent, so VideoDB
        may already be making this clip.
      </p>
      <p>
        If you send it again and the first one did arrive, you will get two clips and use credits
        for both.
      </p>
    </Dialog>
  );
}
