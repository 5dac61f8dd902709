// svg-to-pdfkit ships no type declarations; this covers the call closedloop makes.
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: unknown) => string;
    warningCallback?: (message: string) => void;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string | SVGElement, x?: number, y?: number, options?: SvgToPdfOptions): void;
  export default SVGtoPDF;
}
