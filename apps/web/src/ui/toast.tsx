import * as RadixToast from '@radix-ui/react-toast';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';

interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

const ToastContext = createContext<(text: string, tone?: Toast['tone']) => void>(() => undefined);

/** Short confirmations ("Booked", "Invitations sent") that announce themselves and go after a few seconds. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const show = useCallback((text: string, tone: Toast['tone'] = 'info') => {
    const id = ++next.current;
    setToasts((all) => [...all, { id, text, tone }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      <RadixToast.Provider duration={5000}>
        {children}
        {toasts.map((toast) => (
          <RadixToast.Root
            key={toast.id}
            className={toast.tone === 'error' ? 'toast toast-error' : 'toast'}
            onOpenChange={(open) => {
              if (!open) setToasts((all) => all.filter((t) => t.id !== toast.id));
            }}
          >
            <RadixToast.Description>{toast.text}</RadixToast.Description>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="toast-viewport" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}

/** Shows a toast: `toast('Booked')`. */
export const useToast = () => useContext(ToastContext);
