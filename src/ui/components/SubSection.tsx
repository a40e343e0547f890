import { useId, type ReactNode } from 'react';

/** A part of the Explain section: a region named by its h3, so tests and screen readers find it by name. */
export function SubSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="explain-part">
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
