import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, type Session } from '../session';
import { ConditionFields } from './condition-fields';
import { JsonField } from './json-field';
import { StepFields, StepTypeSelect } from './step-fields';
import type { Condition, Step, Trigger, Workflow } from './types';

/// Edits a workflow's trigger (event and conditions) and steps, a form per step type or the whole
/// definition as JSON, and saves them as its next version (PATCH /v1/workflows/:id; the server
/// checks the definition and answers a coded error with its JSON path).
export function WorkflowEditor({ session, workflow, onSaved }: { session: Session; workflow: Workflow; onSaved: (workflow: Workflow) => void }) {
  const [trigger, setTrigger] = useState<Trigger>(workflow.trigger);
  const [steps, setSteps] = useState<Step[]>(workflow.steps);
  const [asJson, setAsJson] = useState(false);
  const [generation, setGeneration] = useState(0); // remounts fields holding their own text after a structural change
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const conditions = trigger.conditions ?? [];

  const setCondition = (index: number, condition: Condition | null) => {
    const next = conditions.slice();
    if (condition) next[index] = condition;
    else next.splice(index, 1);
    setTrigger({ ...trigger, conditions: next });
    if (!condition) setGeneration((n) => n + 1);
  };
  const setStep = (index: number, step: Step | null) => {
    const next = steps.slice();
    if (step) next[index] = step;
    else next.splice(index, 1);
    setSteps(next);
    if (!step) setGeneration((n) => n + 1);
  };
  const move = (index: number, by: number) => {
    const next = steps.slice();
    [next[index], next[index + by]] = [next[index + by], next[index]];
    setSteps(next);
    setGeneration((n) => n + 1);
  };

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await call<Workflow>(session, 'PATCH', `/v1/workflows/${encodeURIComponent(workflow.id)}`, { trigger, steps });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    onSaved(outcome.value);
  }

  return (
    <form class="panel dash-section workflow-editor" onSubmit={save} aria-labelledby="editor-title">
      <h2 id="editor-title">Edit (saved as version {workflow.version + 1})</h2>
      <label class="inline-check">
        <input type="checkbox" checked={asJson} onChange={(e) => { setAsJson(e.currentTarget.checked); setGeneration((n) => n + 1); }} />
        {' '}Edit as JSON (advanced)
      </label>
      {asJson ? (
        <JsonField key={`json-${generation}`} id="workflow-json" label="Trigger and steps (JSON)" rows={16} value={{ trigger, steps }}
          onChange={(value) => {
            const definition = value as { trigger?: Trigger; steps?: Step[] };
            setTrigger(definition?.trigger ?? trigger);
            setSteps(Array.isArray(definition?.steps) ? definition.steps : steps);
          }} />
      ) : (
        <>
          <fieldset>
            <legend>Trigger</legend>
            <label for="trigger-event">Event type</label>
            <input id="trigger-event" type="text" value={trigger.event} onInput={(e) => setTrigger({ ...trigger, event: e.currentTarget.value })} />
            {conditions.map((condition, index) => (
              <ConditionFields key={`${generation}-${index}`} id={`condition-${index}`} legend={`Condition ${index + 1}`} condition={condition}
                onChange={(next) => setCondition(index, next)} onRemove={() => setCondition(index, null)} />
            ))}
            <div class="actions">
              <button type="button" class="secondary" onClick={() => setTrigger({ ...trigger, conditions: [...conditions, { field: '', op: 'eq', value: '' }] })}>Add a condition</button>
            </div>
          </fieldset>
          <ol class="workflow-steps">
            {steps.map((step, index) => (
              <li key={`${generation}-${index}`}>
                <fieldset>
                  <legend>Step {index + 1} (position {index})</legend>
                  <StepTypeSelect id={`step-${index}`} step={step} onChange={(next) => { setStep(index, next); setGeneration((n) => n + 1); }} />
                  <StepFields id={`step-${index}`} step={step} onChange={(next) => setStep(index, next)} />
                  <div class="actions">
                    {index > 0 && <button type="button" class="secondary" onClick={() => move(index, -1)}>Move step {index + 1} up</button>}
                    {index < steps.length - 1 && <button type="button" class="secondary" onClick={() => move(index, 1)}>Move step {index + 1} down</button>}
                    <button type="button" class="secondary" onClick={() => setStep(index, null)}>Remove step {index + 1}</button>
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setSteps([...steps, { type: 'wait', days: 1 }])}>Add a step</button>
          </div>
        </>
      )}
      {error && <ErrorNote error={error} title="Not saved" />}
      <div class="actions"><button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save as a new version'}</button></div>
    </form>
  );
}
