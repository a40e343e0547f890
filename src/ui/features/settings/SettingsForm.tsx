import { useId, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ACTIVATIONS, BACKEND_CHOICES, type Activation, type ModelSpec, type SplitSpec } from '../../../core/pipeline/document';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { useStudio } from '../../store/store';
import { HiddenLayersField } from './HiddenLayersField';

type RandomSplit = Extract<SplitSpec, { kind: 'random' }>;
const DEFAULT_RANDOM: RandomSplit = { kind: 'random', validation: 0.15, test: 0.15, stratify: true };

// Option labels are part of the UI contract: e2e tests pick options by label (e2e/fixtures/studio.ts).
const MODEL_LABELS: Record<ModelSpec['kind'], string> = {
  baseline: 'Baseline',
  linear: 'Linear / logistic regression',
  mlp: 'MLP',
};

const SPLIT_LABELS: Record<SplitSpec['kind'], string> = {
  random: 'Random',
  column: 'From a split column',
  time: 'By time (chronological)',
};

const SPLIT_HINTS: Record<SplitSpec['kind'], string> = {
  random: 'Rows drawn at random from the seed.',
  column: 'A column whose values are train, validation or test.',
  time: 'The earliest rows train, later ones validate, the latest test: for forecasts, never tested on the past. Rows without a time are left out.',
};

const MODEL_HINTS: Record<ModelSpec['kind'], string> = {
  baseline: 'Predicts the most frequent class (or the mean): the score any model must beat.',
  linear: 'One weight per input: fast and easy to read.',
  mlp: 'A small neural network with hidden layers.',
};

/** Model, optimisation, split and backend settings: every control edits the project document. */
export function SettingsForm() {
  const { model, training, split, seed, columns, columnKinds, running, change, graphMode, setPipelineMode } = useStudio(
    useShallow((s) => ({
      graphMode: s.pipelineMode === 'graph',
      setPipelineMode: s.setPipelineMode,
      model: s.project.model,
      training: s.project.training,
      split: s.project.split,
      seed: s.project.seed,
      columns: s.summary?.columns,
      columnKinds: s.project.dataset.columnKinds,
      running: s.runStatus === 'running',
      change: s.change,
    })),
  );
  // Remember the random split's test fraction and stratify while another kind is chosen, so choosing
  // "Random" again restores them.
  const [lastRandom, setLastRandom] = useState<RandomSplit>(split.kind === 'random' ? split : DEFAULT_RANDOM);
  if (split.kind === 'random' && split !== lastRandom) setLastRandom(split);
  const random = split.kind === 'random' ? split : lastRandom;
  const columnNames = columns?.map((c) => c.name) ?? [];
  const splitOptions = split.kind !== 'random' && !columnNames.includes(split.column) ? [split.column, ...columnNames] : columnNames;
  const firstDate = columns?.find((c) => (columnKinds[c.name] ?? c.inferred.kind) === 'datetime')?.name;
  const splitOf = (kind: SplitSpec['kind']): SplitSpec => {
    const { validation } = split;
    const test = split.kind === 'column' ? random.test : split.test;
    if (kind === 'random') return { ...random, validation, test };
    if (kind === 'column') return { kind, column: split.kind === 'column' ? split.column : columnNames[0]!, validation };
    return { kind, column: split.kind === 'time' ? split.column : (firstDate ?? columnNames[0]!), validation, test };
  };

  return (
    <Section title="Model and training">
      <form className="settings" onSubmit={(e) => e.preventDefault()} aria-label="Model and training settings">
        <fieldset disabled={running}>
          <legend>Model architecture</legend>
          <Select
            label="Model"
            value={graphMode ? 'graph' : model.kind}
            options={[...(['baseline', 'linear', 'mlp'] as const).map((k): [string, string] => [k, MODEL_LABELS[k]]), ['graph', 'Pipeline graph']]}
            hint={graphMode ? 'The pipeline graph below is what trains: its feature nodes, split and layers.' : MODEL_HINTS[model.kind]}
            onChange={(kind: string) => {
              if (kind === 'graph') {
                setPipelineMode('graph');
                return;
              }
              setPipelineMode('settings');
              change({ type: 'setModelKind', kind: kind as ModelSpec['kind'] });
            }}
          />
          {!graphMode && (
            <>
          {model.kind === 'mlp' && (
            <>
              <HiddenLayersField value={model.hidden} onCommit={(hidden) => change({ type: 'setModel', model: { ...model, hidden } })} />
              <Select
                label="Activation"
                value={model.activation}
                options={ACTIVATIONS.map((a) => [a, a])}
                onChange={(activation: Activation) => change({ type: 'setModel', model: { ...model, activation } })}
              />
              <NumberField
                label="Dropout"
                value={model.dropout}
                rule={{ min: 0, max: 0.95 }}
                hint="Fraction of units dropped while training, 0 to 0.95."
                onCommit={(dropout) => change({ type: 'setModel', model: { ...model, dropout } })}
              />
            </>
          )}
          {model.kind !== 'baseline' && (
            <NumberField
              label="L2"
              value={model.l2}
              rule={{ min: 0 }}
              hint="Weight penalty; 0 turns it off."
              onCommit={(l2) => change({ type: 'setModel', model: { ...model, l2 } })}
            />
          )}
            </>
          )}
        </fieldset>

        <fieldset disabled={running || (!graphMode && model.kind === 'baseline')}>
          <legend>Optimization</legend>
          {!graphMode && model.kind === 'baseline' && <p className="hint">The baseline is not trained: these settings are not used.</p>}
          <Select
            label="Optimizer"
            value={training.optimizer}
            options={[
              ['adam', 'adam'],
              ['sgd', 'sgd'],
            ]}
            onChange={(optimizer) => change({ type: 'setTraining', patch: { optimizer } })}
          />
          <NumberField
            label="Learning rate"
            value={training.learningRate}
            rule={{ min: 0, minExclusive: true, max: 10 }}
            onCommit={(learningRate) => change({ type: 'setTraining', patch: { learningRate } })}
          />
          <NumberField
            label="Epochs"
            value={training.epochs}
            rule={{ min: 1, max: 10_000, integer: true }}
            onCommit={(epochs) => change({ type: 'setTraining', patch: { epochs } })}
          />
          <NumberField
            label="Batch size"
            value={training.batchSize}
            rule={{ min: 1, max: 65_536, integer: true }}
            onCommit={(batchSize) => change({ type: 'setTraining', patch: { batchSize } })}
          />
          <Checkbox
            label="Early stopping"
            checked={training.earlyStopping.enabled}
            onChange={(enabled) => change({ type: 'setEarlyStopping', patch: { enabled } })}
          />
          {training.earlyStopping.enabled && (
            <NumberField
              label="Patience"
              value={training.earlyStopping.patience}
              rule={{ min: 1, max: 1000, integer: true }}
              hint="Epochs without a better validation loss before stopping."
              onCommit={(patience) => change({ type: 'setEarlyStopping', patch: { patience } })}
            />
          )}
        </fieldset>

        <fieldset disabled={running}>
          <legend>Data split</legend>
          {graphMode ? (
            <p className="hint">The split is the Split node&rsquo;s settings in the pipeline graph: select it there to change them.</p>
          ) : (
            <>
            <Select
              label="How to split"
              value={split.kind}
              // A column split needs the data's columns.
              options={(['random', 'column', 'time'] as const)
                .filter((k) => k === 'random' || columnNames.length > 0)
                .map((k): [SplitSpec['kind'], string] => [k, SPLIT_LABELS[k]])}
              hint={SPLIT_HINTS[split.kind]}
              onChange={(kind) => change({ type: 'setSplit', split: splitOf(kind) })}
            />
            {split.kind !== 'random' && (
              <Select
                label={split.kind === 'time' ? 'Time column' : 'Split column'}
                value={split.column}
                options={splitOptions.map((n): [string, string] => [n, n])}
                hint={split.kind === 'time' ? 'Dates or numbers that order the rows.' : 'Values train, validation or test.'}
                onChange={(column) => change({ type: 'setSplit', split: { ...split, column } })}
              />
            )}
            <NumberField
              label="Validation fraction"
              value={split.validation}
              rule={{ min: 0, max: 0.5 }}
              onCommit={(validation) => change({ type: 'setSplit', split: { ...split, validation } })}
            />
            {split.kind !== 'column' && (
              <NumberField
                label="Test fraction"
                value={split.test}
                rule={{ min: 0.01, max: 0.5 }}
                onCommit={(test) => change({ type: 'setSplit', split: { ...split, test } })}
              />
            )}
            {split.kind === 'random' && (
              <Checkbox
                label="Stratify"
                checked={random.stratify}
                hint="Keep class proportions equal across splits (classification)."
                onChange={(stratify) => change({ type: 'setSplit', split: { ...random, stratify } })}
              />
            )}
            </>
          )}
          <NumberField
            label="Seed"
            value={seed}
            rule={{ min: 0, max: 2 ** 31 - 1, integer: true }}
            hint="The same seed gives the same split and the same initial weights."
            onCommit={(s) => change({ type: 'setSeed', seed: s })}
          />
        </fieldset>

        <fieldset disabled={running}>
          <legend>Hardware</legend>
          <Select
            label="Backend"
            value={training.backend}
            options={BACKEND_CHOICES.map((b) => [b, b])}
            hint="Where tensors are computed; auto picks the fastest available. The backend actually used is reported when training starts."
            onChange={(backend) => change({ type: 'setTraining', patch: { backend } })}
          />
        </fieldset>
      </form>
    </Section>
  );
}

function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
}: {
  label: string;
  value: T;
  options: readonly (readonly [T, ReactNode])[];
  onChange: (value: T) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

function Checkbox({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div className="field checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
