// Evently's design system: tokens (tokens.css), component styles (ui.css) and the components every page uses.
export { Button, type ButtonProps, type ButtonVariant } from './button';
export { Alert, Badge, Card, EmptyState, eventStatusTone, Skeleton, Table, type Tone } from './display';
export { Dialog } from './dialog';
export { SelectField, TextAreaField, TextField } from './field';
export { Tabs, type Tab } from './tabs';
export { ToastProvider, useToast } from './toast';
