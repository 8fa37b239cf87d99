// pdf.js for the PDF preview: loaded the first time a preview renders (it is large and only the proposal editor
// needs it), with its worker from the bundle, and the drawing of pages into canvases.

import type { PDFPageProxy, RenderTask } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

export type Pdfjs = typeof import("pdfjs-dist");

let pdfjs: Promise<Pdfjs> | null = null;

export function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import("pdfjs-dist")
    .then((lib) => {
      lib.GlobalWorkerOptions.workerSrc = workerUrl;
      return lib;
    })
    .catch((e: unknown) => {
      pdfjs = null;
      throw e;
    });
  return pdfjs;
}

/** A drawing stopped by `PageDrawer.cancel`: not a failure. */
export function isRenderCancel(e: unknown): boolean {
  return e instanceof Error && e.name === "RenderingCancelledException";
}

/** Gives a canvas's pixels back at once rather than whenever it is collected. */
export function releaseCanvas(canvas: HTMLCanvasElement | null): void {
  if (canvas) canvas.width = canvas.height = 0;
}

/** Draws pages into new canvases and can stop every drawing under way. */
export class PageDrawer {
  private readonly tasks = new Set<RenderTask>();

  /** `page` at `width` CSS pixels, at the screen's pixel density. */
  async draw(page: PDFPageProxy, width: number): Promise<HTMLCanvasElement> {
    const ratio = window.devicePixelRatio || 1;
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (width / base.width) * ratio });
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.setAttribute("aria-hidden", "true");
    const task = page.render({ canvas, viewport });
    this.tasks.add(task);
    try {
      await task.promise;
    } catch (e) {
      releaseCanvas(canvas);
      throw e;
    } finally {
      this.tasks.delete(task);
    }
    return canvas;
  }

  cancel(): void {
    for (const task of this.tasks) task.cancel();
    this.tasks.clear();
  }
}
