// Minimal types for the server-side API of pdfmake 0.3 (the package ships none; @types/pdfmake is for 0.2).
declare module "pdfmake" {
  // biome-ignore lint/suspicious/noExplicitAny: pdfmake document nodes are free-form objects.
  export type DocDefinition = Record<string, any>;
  export interface OutputDocument {
    getBuffer(): Promise<Buffer>;
    getStream(): Promise<NodeJS.ReadableStream & { end(): void }>;
    write(filename: string): Promise<void>;
  }
  export interface VirtualFs {
    existsSync(filename: string): boolean;
    writeFileSync(filename: string, content: Buffer | string): void;
    readFileSync(filename: string): Buffer;
  }
  export interface FontDescriptor {
    normal?: string;
    bold?: string;
    italics?: string;
    bolditalics?: string;
  }
  export interface PdfMake {
    virtualfs: VirtualFs;
    createPdf(doc: DocDefinition, options?: Record<string, unknown>): OutputDocument;
    setUrlAccessPolicy(callback: ((url: string) => boolean) | undefined): void;
    setLocalAccessPolicy(callback: ((path: string) => boolean) | undefined): void;
    setFonts(fonts: Record<string, FontDescriptor>): void;
    addTableLayouts(layouts: Record<string, unknown>): void;
    setProgressCallback(callback: ((progress: number) => void) | undefined): void;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
