import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TASKS, type Task } from '../../../core/pipeline/document';
import { Section } from '../../components/Section';
import { formatCount } from '../../components/format';
import { chooseTarget } from '../../store/actions';
import { selectMissingTarget } from '../../store/selectors';
import { useStudio } from '../../store/store';

const TASK_LABELS: Record<Task, string> = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression',
};

/** What to predict: the target column and the task. */
export function TargetPanel() {
  const targetId = useId();
  const taskId = useId();
  const { columns, target, task, suggestion, missing, running, change } = useStudio(
    useShallow((s) => ({
      columns: s.summary?.columns,
      target: s.project.target,
      task: s.project.task,
      suggestion: s.taskSuggestion,
      missing: selectMissingTarget(s),
      running: s.runStatus === 'running',
      change: s.change,
    })),
  );
  const names = columns?.map((c) => c.name) ?? [];
  // An opened project may name a target this data lacks: keep it visible rather than silently blank.
  const options = target !== null && !names.includes(target) ? [target, ...names] : names;
  return (
    <Section title="Target and task">
      <div className="field-row">
        <div className="field">
          <label htmlFor={targetId}>Target</label>
          <select
            id={targetId}
            value={target ?? ''}
            disabled={running || columns === undefined}
            onChange={(e) => void chooseTarget(e.target.value === '' ? null : e.target.value)}
          >
            <option value="">Choose a target</option>
            {options.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={taskId}>Task</label>
          <select
            id={taskId}
            value={task ?? ''}
            disabled={running}
            onChange={(e) => change({ type: 'setTask', task: e.target.value === '' ? null : (e.target.value as Task) })}
          >
            <option value="">Choose a task</option>
            {TASKS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </div>
      {suggestion && suggestion.target === target && (
        <p className="hint">
          Suggested {TASK_LABELS[suggestion.suggestion.task]}: {suggestion.suggestion.reason}
        </p>
      )}
      {target !== null && missing !== null && (
        <p className={missing > 0 ? 'warning-text' : 'muted'}>
          {missing > 0
            ? `${formatCount(missing)} row${missing === 1 ? ' has' : 's have'} no “${target}” value and will be left out.`
            : `Every row has a “${target}” value.`}
        </p>
      )}
    </Section>
  );
}
