import { useId, useMemo, useState, type DragEvent } from 'react';
import type { NodeKindDef } from '../../../core/pipeline/nodeKind';
import { CATEGORY_LABELS, PALETTE_KINDS } from './editorKinds';
import { KIND_DRAG_TYPE } from './GraphCanvas';
import { filterPalette, groupByCategory } from './palette';

function KindButton({ def, onAdd }: { def: NodeKindDef; onAdd: (kind: string) => void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(KIND_DRAG_TYPE, def.kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li>
      <button type="button" className={`palette-item category-${def.category}`} draggable onDragStart={onDragStart} onClick={() => onAdd(def.kind)} title={def.help}>
        {def.label}
      </button>
    </li>
  );
}

/**
 * Every node kind as a button named after its label: click adds it at a free spot in view, drag drops
 * it where it lands. The search box filters by label, kind id and help text (palette.ts).
 */
export function NodePalette({ onAdd }: { onAdd: (kind: string) => void }) {
  const [query, setQuery] = useState('');
  const headingId = useId();
  const searchId = useId();
  const found = useMemo(() => filterPalette(PALETTE_KINDS, query), [query]);
  const searching = query.trim() !== '';
  return (
    <section className="node-palette" aria-labelledby={headingId}>
      <h3 id={headingId}>Node palette</h3>
      <label htmlFor={searchId} className="visually-hidden">
        Search nodes
      </label>
      <input
        id={searchId}
        type="search"
        placeholder="Search nodes"
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
      />
      {found.length === 0 && <p className="hint">No node matches “{query.trim()}”.</p>}
      {searching ? (
        <ul className="palette-list">
          {found.map((def) => (
            <KindButton key={def.kind} def={def} onAdd={onAdd} />
          ))}
        </ul>
      ) : (
        groupByCategory(found).map((group) => (
          <div key={group.category} className="palette-group">
            <h4>{CATEGORY_LABELS[group.category]}</h4>
            <ul className="palette-list">
              {group.kinds.map((def) => (
                <KindButton key={def.kind} def={def} onAdd={onAdd} />
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
