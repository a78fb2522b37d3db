import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
}

/** The one button of the dashboard; `type` defaults to "button" so a button never submits by accident. */
export function Button({ variant = 'secondary', size = 'normal', className, type, ...props }: ButtonProps) {
  const classes = [
    'btn',
    variant !== 'secondary' && `btn-${variant}`,
    size === 'small' && 'btn-small',
    className,
  ];
  return <button type={type ?? 'button'} className={classes.filter(Boolean).join(' ')} {...props} />;
}
