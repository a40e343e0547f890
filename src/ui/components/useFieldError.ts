import { useEffect } from 'react';
import { useStudio } from '../store/store';

/** Reports a field's current validation message to the store (it blocks Train); clears it on unmount. */
export function useFieldError(label: string, message: string | null): void {
  const setFieldError = useStudio((s) => s.setFieldError);
  useEffect(() => {
    setFieldError(label, message);
  }, [label, message, setFieldError]);
  useEffect(() => () => setFieldError(label, null), [label, setFieldError]);
}
