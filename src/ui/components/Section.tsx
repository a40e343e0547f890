import { useId, type ReactNode } from 'react';

/** A page section: a region named by its heading, so tests and screen readers find it by that name. */
export function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={className ? `panel ${className}` : 'panel'}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
