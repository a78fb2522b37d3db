import QRCode from 'qrcode';
import { useEffect, useRef } from 'react';

/**
 * A ticket's code as a QR, drawn on a canvas (no image URL, nothing for the content security policy to
 * allow); `size` in CSS pixels. Labelled for screen readers with what it is.
 */
export function TicketQr({ code, size, label }: { code: string; size: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current)
      void QRCode.toCanvas(canvas.current, code, { width: size, margin: 2, errorCorrectionLevel: 'M' });
  }, [code, size]);
  return <canvas ref={canvas} role="img" aria-label={label} data-code={code} width={size} height={size} />;
}
