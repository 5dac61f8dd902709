// fontkit (the font engine pdfkit uses) ships no type declarations; this covers the call closedloop makes.
declare module 'fontkit' {
  /** A parsed font: opaque here, handed to pdfkit, which lays out and subsets with it. */
  export interface Font {
    readonly postscriptName: string;
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
