import type { ReactNode } from 'react';

/**
 * A labelled input with its help and its error, tied together for screen readers
 * (aria-describedby, aria-invalid), so a refusal names the field it is about.
 */
export function Field({ id, label, help, error, children }: { id: string; label: string; help?: string; error?: string | undefined; children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode }) {
  const described = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': described })}
      {help && (
        <small id={`${id}-help`} className="help">
          {help}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {label}：{error}
        </small>
      )}
    </div>
  );
}
