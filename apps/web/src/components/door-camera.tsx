import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { Alert, Button } from '../ui';

/**
 * The camera at the door: frames from getUserMedia decoded with jsQR; each code read is handed to `onCode`
 * (the same code again only after a pause, so one ticket held up is one scan).
 */
export function DoorCamera({ onCode }: { onCode(code: string): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | null = null;
    let frame = 0;
    let last = { code: '', at: 0 };
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const look = () => {
      const v = video.current;
      if (v && v.readyState >= 2 && v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        context.drawImage(v, 0, 0);
        const found = jsQR(
          context.getImageData(0, 0, canvas.width, canvas.height).data,
          canvas.width,
          canvas.height,
        );
        if (found?.data && (found.data !== last.code || Date.now() - last.at > 3000)) {
          last = { code: found.data, at: Date.now() };
          handler.current(found.data);
        }
      }
      frame = requestAnimationFrame(look);
    };
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then((s) => {
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
        frame = requestAnimationFrame(look);
      })
      .catch((e: Error) => setError(`The camera is not available: ${e.message}`));
    return () => {
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on]);

  return (
    <div className="stack">
      <Button onClick={() => setOn(!on)}>{on ? 'Stop the camera' : 'Scan with the camera'}</Button>
      {on && <video ref={video} className="door-video" muted playsInline aria-label="Camera" />}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
