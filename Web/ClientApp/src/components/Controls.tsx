import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { dispatchWorkflow, getDispatchForm, getPendingDeployments, rerunJob, reviewPendingDeployments } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/http";
import type { DispatchForm, DispatchInput, PendingDeployment } from "../api/types";

/** A problem's words for a person, with GitHub's refusal said first and a field's problems listed. */
function problemText(e: unknown) {
  if (!(e instanceof ApiError)) return errorMessage(e);
  const fields = e.problem?.errors ? Object.values(e.problem.errors).flat().join(" ") : "";
  const detail = [e.problem?.detail, fields].filter(Boolean).join(" ") || e.problem?.title || e.message;
  return e.status === 403 ? `GitHub refused: ${detail}` : detail;
}

type Values = Record<string, string | boolean>;

function initialValues(inputs: DispatchInput[]): Values {
  const values: Values = {};
  for (const input of inputs) values[input.name] = input.type === "boolean" ? input.default === "true" : input.default ?? (input.type === "choice" ? input.options[0] ?? "" : "");
  return values;
}

/**
 * "Run workflow": a form built from the workflow file's `workflow_dispatch` inputs at the chosen branch, a confirmation
 * step, then GitHub's answer (or the server's problems with the inputs) shown where it was asked.
 */
export function RunWorkflow({ fullName, workflowId, defaultRef }: { fullName: string; workflowId: number; defaultRef?: string | null }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [ref, setRef] = useState(defaultRef ?? "");
  const [form, setForm] = useState<DispatchForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [values, setValues] = useState<Values>({});
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "done" | "error"; text: string } | null>(null);
  const [loadedRef, setLoadedRef] = useState<string | null>(null);

  const load = async (at: string) => {
    setLoadError(null);
    setForm(null);
    try {
      const answer = await getDispatchForm(fullName, workflowId, at || null);
      setForm(answer);
      setRef(answer.ref);
      setLoadedRef(answer.ref);
      setValues(initialValues(answer.inputs));
    } catch (e) {
      setLoadError(problemText(e));
    }
  };

  useEffect(() => { if (open && !form && !loadError) void load(ref); }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ref.trim() !== loadedRef || !form?.dispatchable) return;
    setOutcome(null);
    setConfirming(true);
  };

  const run = async () => {
    if (!form) return;
    setConfirming(false);
    setPending(true);
    setOutcome(null);
    const inputs: Record<string, string | boolean | number> = {};
    for (const input of form.inputs) {
      const value = values[input.name];
      if (input.type === "boolean") inputs[input.name] = Boolean(value);
      else if (value !== "" && value !== undefined) inputs[input.name] = String(value);
    }
    try {
      await dispatchWorkflow(fullName, workflowId, form.ref, inputs);
      setOutcome({ kind: "done", text: `Run requested on ${form.ref}: GitHub will queue it shortly.` });
    } catch (e) {
      setOutcome({ kind: "error", text: problemText(e) });
    } finally {
      setPending(false);
    }
  };

  if (!open) {
    return <p><button type="button" className="button button-primary" onClick={() => setOpen(true)}>Run workflow</button></p>;
  }
  return (
    <section className="run-workflow" aria-label="Run workflow">
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-ref`}>Branch or tag</label>
          <input id={`${id}-ref`} value={ref} onChange={(e) => setRef(e.target.value)} required />
        </div>
        {loadError && <p className="error-text" role="alert">{loadError}</p>}
        {!form && !loadError && <p className="muted">Reading the workflow file…</p>}
        {form && !form.dispatchable && <p className="muted" role="note">{form.path} has no <code>workflow_dispatch</code> trigger at {form.ref}, so it cannot be run by hand.</p>}
        {form?.dispatchable && form.inputs.map((input) => (
          <InputField key={input.name} id={`${id}-${input.name}`} input={input} value={values[input.name]}
            onChange={(value) => setValues({ ...values, [input.name]: value })} />
        ))}
        {!confirming && ref.trim() !== loadedRef && (
          // A plain button: the inputs' own checks must not stop reading the file at another ref.
          <button type="button" className="button button-primary" onClick={() => void load(ref.trim())}>Read the workflow at this ref</button>
        )}
        {!confirming && ref.trim() === loadedRef && (
          <button type="submit" className="button button-primary" disabled={pending || form === null || !form.dispatchable}>
            {pending ? "Requesting run…" : "Run workflow"}
          </button>
        )}
        <button type="button" className="button" onClick={() => { setOpen(false); setConfirming(false); setOutcome(null); }}>Close</button>
      </form>
      {confirming && form && (
        <ConfirmStep text={`Run ${form.path} on ${form.ref}${form.inputs.length ? " with these inputs" : ""}?`} yes="Yes, run it" onYes={() => void run()} onNo={() => setConfirming(false)} />
      )}
      <div aria-live="polite" className="action-outcome">
        {outcome && <p className={outcome.kind === "error" ? "error-text" : "success-text"} role={outcome.kind === "error" ? "alert" : undefined}>{outcome.text}</p>}
      </div>
    </section>
  );
}

function InputField({ id, input, value, onChange }: { id: string; input: DispatchInput; value: string | boolean | undefined; onChange: (value: string | boolean) => void }) {
  const label = <label htmlFor={id}>{input.name}{input.required && <span aria-hidden="true"> *</span>}</label>;
  const hint = input.description ? <span className="muted small" id={`${id}-hint`}>{input.description}</span> : null;
  const described = input.description ? `${id}-hint` : undefined;
  if (input.type === "boolean") {
    return (
      <div className="field field-check">
        <input id={id} type="checkbox" checked={Boolean(value)} aria-describedby={described} onChange={(e) => onChange(e.target.checked)} />
        {label} {hint}
      </div>
    );
  }
  if (input.type === "choice") {
    return (
      <div className="field">
        {label}
        <select id={id} value={String(value ?? "")} aria-describedby={described} onChange={(e) => onChange(e.target.value)}>
          {input.options.map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
        {hint}
      </div>
    );
  }
  return (
    <div className="field">
      {label}
      <input id={id} type={input.type === "number" ? "number" : "text"} step="any" value={String(value ?? "")} required={input.required}
        aria-describedby={described} onChange={(e) => onChange(e.target.value)} />
      {hint}
    </div>
  );
}

function ConfirmStep({ text, yes, onYes, onNo, danger }: { text: string; yes: string; onYes: () => void; onNo: () => void; danger?: boolean }) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-labelledby={id}>
      <p id={id}>{text}</p>
      <button ref={button} type="button" className={`button ${danger ? "button-danger" : "button-primary"}`} onClick={onYes}>{yes}</button>
      <button type="button" className="button" onClick={onNo}>No, go back</button>
    </div>
  );
}

/**
 * A waiting run's environments with Approve / Reject and a comment, each behind a confirmation; disabled, with the reason,
 * when GitHub says the user is not one of the required reviewers.
 */
export function PendingDeployments({ fullName, runId, onReviewed }: { fullName: string; runId: number; onReviewed?: () => void }) {
  const id = useId();
  const [deployments, setDeployments] = useState<PendingDeployment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [confirming, setConfirming] = useState<"approved" | "rejected" | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "done" | "error"; text: string } | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    getPendingDeployments(fullName, runId, abort.signal)
      .then((answer) => setDeployments(answer.deployments))
      .catch((e) => { if ((e as Error).name !== "AbortError") setError(problemText(e)); });
    return () => abort.abort();
  }, [fullName, runId]);

  if (error) return <p className="error-text" role="alert">The waiting deployments could not be loaded: {error}</p>;
  if (!deployments || (deployments.length === 0 && !outcome)) return null;
  const approvable = deployments.filter((d) => d.currentUserCanApprove);
  const names = deployments.map((d) => d.environment).join(", ");

  const review = async (state: "approved" | "rejected") => {
    setConfirming(null);
    setPending(true);
    setOutcome(null);
    try {
      await reviewPendingDeployments(fullName, runId, approvable.map((d) => d.environmentId), state, comment.trim());
      setOutcome({ kind: "done", text: state === "approved" ? `Approved: the run goes on to ${names}.` : `Rejected: the run will fail.` });
      setDeployments([]);
      onReviewed?.();
    } catch (e) {
      setOutcome({ kind: "error", text: problemText(e) });
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="pending-deployments" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{deployments.length > 0 ? "Waiting for review" : "Deployment review"}</h2>
      <ul>
        {deployments.map((d) => (
          <li key={d.environmentId} data-environment-id={d.environmentId}>
            <strong>{d.environment}</strong>
            {d.reviewers.length > 0 && <span className="muted small"> · reviewers: {d.reviewers.join(", ")}</span>}
            {d.waitTimer > 0 && <span className="muted small"> · wait timer: {d.waitTimer} min</span>}
          </li>
        ))}
      </ul>
      {deployments.length > 0 && approvable.length === 0 && (
        <p className="muted" role="note">You are not a required reviewer of {names}: one of its reviewers has to approve or reject this run.</p>
      )}
      {deployments.length > 0 && (
        <>
          <div className="field">
            <label htmlFor={`${id}-comment`}>Comment</label>
            <textarea id={`${id}-comment`} value={comment} maxLength={1000} disabled={approvable.length === 0} onChange={(e) => setComment(e.target.value)} />
          </div>
          {!confirming && (
            <>
              <button type="button" className="button button-primary" disabled={approvable.length === 0 || pending} onClick={() => setConfirming("approved")}>Approve and deploy</button>
              <button type="button" className="button button-danger" disabled={approvable.length === 0 || pending} onClick={() => setConfirming("rejected")}>Reject</button>
            </>
          )}
          {confirming && (
            <ConfirmStep danger={confirming === "rejected"}
              text={confirming === "approved" ? `Approve the deployment to ${approvable.map((d) => d.environment).join(", ")}?` : "Reject the deployment? The run will fail."}
              yes={confirming === "approved" ? "Yes, approve" : "Yes, reject"} onYes={() => void review(confirming)} onNo={() => setConfirming(null)} />
          )}
        </>
      )}
      <div aria-live="polite" className="action-outcome">
        {pending && <p className="muted">Sending the review…</p>}
        {outcome && <p className={outcome.kind === "error" ? "error-text" : "success-text"} role={outcome.kind === "error" ? "alert" : undefined}>{outcome.text}</p>}
      </div>
    </section>
  );
}

/** Re-runs one finished job, after a confirmation (the failure panel offers the same for a failed job). */
export function JobRerunButton({ fullName, jobId, jobName }: { fullName: string; jobId: number; jobName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "done" | "error"; text: string } | null>(null);
  const act = async () => {
    setConfirming(false);
    setPending(true);
    setOutcome(null);
    try {
      await rerunJob(fullName, jobId);
      setOutcome({ kind: "done", text: "Re-run of this job requested." });
    } catch (e) {
      setOutcome({ kind: "error", text: problemText(e) });
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="job-rerun">
      {!confirming && <button type="button" className="button" disabled={pending} onClick={() => setConfirming(true)}>{pending ? "Requesting re-run…" : `Re-run ${jobName}`}</button>}
      {confirming && <ConfirmStep text={`Re-run the job ${jobName}?`} yes="Yes, re-run this job" onYes={() => void act()} onNo={() => setConfirming(false)} />}
      <div aria-live="polite">
        {outcome && <p className={outcome.kind === "error" ? "error-text" : "success-text"} role={outcome.kind === "error" ? "alert" : undefined}>{outcome.text}</p>}
      </div>
    </div>
  );
}
