/**
 * The wall's fixed design canvas: laid out once at its design size (e.g. 3840×1080 or
 * 7680×2160) and scaled with a CSS transform to fit the window, centred and letterboxed,
 * so nothing reflows whatever the real screen is. At a scale of 1 (the wall itself) it is
 * pixel-exact; text is re-rasterised at the final scale by the browser, so it stays sharp.
 */
import { type ReactNode, useEffect, useState } from 'react';
import './DesignCanvas.css';

export interface Size {
  width: number;
  height: number;
}

/** Scale and offset that fit `design` inside `screen`, preserving the aspect ratio. */
export function fitCanvas(design: Size, screen: Size): { scale: number; x: number; y: number } {
  const scale = Math.min(screen.width / design.width, screen.height / design.height);
  return {
    scale,
    x: Math.round((screen.width - design.width * scale) / 2),
    y: Math.round((screen.height - design.height * scale) / 2),
  };
}

function useWindowSize(): Size {
  const [size, setSize] = useState<Size>(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const onResize = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

export function DesignCanvas({ size, label, children }: { size: Size; label: string; children: ReactNode }) {
  const screen = useWindowSize();
  const { scale, x, y } = fitCanvas(size, screen);
  return (
    <div className="design-stage">
      <section
        className="design-canvas"
        aria-label={label}
        data-design-width={size.width}
        data-design-height={size.height}
        data-scale={scale.toFixed(4)}
        style={{
          width: size.width,
          height: size.height,
          transform: `translate(${x}px, ${y}px) scale(${scale})`,
        }}
      >
        {children}
      </section>
    </div>
  );
}
